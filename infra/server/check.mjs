#!/usr/bin/env node
// `npm run check -- https://chat.example.org`: after a deploy, is it all working for a person out there?
// One line per check, ok or FAIL in words; exit 1 when any fails. See infra/server/README.md.
import { edgeClient } from './lib/edge-client.mjs';
import { checkSteps, runChecks } from './lib/check-steps.mjs';
import { PORTS } from './lib/layout.mjs';

const USAGE = `usage: npm run check -- https://chat.example.org [--local [--gateways 3020,3021]] [--service name=url ...]
       [--http-url http://chat.example.org] [--resolve 203.0.113.20] [--ca ca.pem]
  --local      also /health of each service on this host's loopback ports (run it on the server)
  --resolve    connect to this address instead of what DNS says (before DNS points at the server)
  --ca         trust this CA too (a private CA)`;

function parse(argv) {
  const o = { services: [], gateways: [3020, 3021] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (argv[i + 1] === undefined) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--local') o.local = true;
    else if (arg === '--gateways') o.gateways = value().split(',').map(Number);
    else if (arg === '--service') o.services.push(value().split(/=(.*)/s).slice(0, 2));
    else if (arg === '--http-url') o.httpUrl = value();
    else if (arg === '--resolve') o.resolveTo = value();
    else if (arg === '--ca') o.caFile = value();
    else if (!arg.startsWith('--') && !o.origin) o.origin = arg;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!o.origin || !/^https:\/\/[^/]+\/?$/.test(o.origin)) throw new Error('give the public origin, e.g. https://chat.example.org');
  if (o.local) {
    const local = (port) => `http://127.0.0.1:${port}`;
    o.services.push(['auth-api', local(PORTS.auth)], ['rooms-api', local(PORTS.rooms)], ...o.gateways.map((p) => [`gateway ${p}`, local(p)]), ['worker', local(PORTS.worker)]);
  }
  return o;
}

let o;
try {
  o = parse(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${err.message}\n${USAGE}\n`);
  process.exit(2);
}
const client = edgeClient({ origin: o.origin, caFile: o.caFile, resolveTo: o.resolveTo });
const httpUrl = o.httpUrl ?? `http://${new URL(o.origin).host}`;
process.stdout.write(`checking ${client.origin}\n`);
const ok = await runChecks(checkSteps({ client, httpUrl, services: o.services }), (line) => process.stdout.write(`${line}\n`));
process.exit(ok ? 0 : 1);
