// The installer's command line, checked: every problem is reported at once.
import { isIP } from 'node:net';
import { resolve } from 'node:path';

const USAGE = `usage: npm run deploy:server -- --domain chat.example.org [--acme [--email you@example.org] | --cert FILE --key FILE]
       [--gateways 3020,3021] [--public-ip 203.0.113.20] [--redis-maxmemory 512mb] [--root DIR] [--no-build]`;

const FLAGS = new Set(['acme', 'no-build', 'help']);
const VALUES = new Set(['domain', 'email', 'cert', 'key', 'gateways', 'public-ip', 'redis-maxmemory', 'root']);
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export function parseInstallOptions(argv) {
  const raw = {};
  const problems = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    if (FLAGS.has(name)) raw[name] = true;
    else if (VALUES.has(name) && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) raw[name] = argv[++i];
    else problems.push(VALUES.has(name) ? `--${name} needs a value` : `unknown argument ${argv[i]}`);
  }
  if (raw.help) return { help: USAGE };
  if (!raw.domain) problems.push('--domain is required');
  else if (!HOSTNAME.test(raw.domain)) problems.push(`--domain ${raw.domain} is not a host name`);
  if (raw.acme && (raw.cert || raw.key)) problems.push('--acme and --cert/--key exclude each other');
  if (Boolean(raw.cert) !== Boolean(raw.key)) problems.push('--cert and --key go together');
  const gateways = (raw.gateways ?? '3020,3021').split(',').map(Number);
  if (!gateways.every((p) => Number.isInteger(p) && p >= 1024 && p <= 65535) || new Set(gateways).size !== gateways.length) {
    problems.push('--gateways must be distinct ports (1024-65535), comma-separated');
  }
  if (raw['public-ip'] && !isIP(raw['public-ip'])) problems.push(`--public-ip ${raw['public-ip']} is not an IP address`);
  const maxmemory = raw['redis-maxmemory'] ?? '512mb';
  if (!/^\d+(kb|mb|gb)$/i.test(maxmemory)) problems.push('--redis-maxmemory looks like 512mb or 2gb');
  if (problems.length) throw new Error(`${problems.join('\n')}\n${USAGE}`);
  return {
    domain: raw.domain.toLowerCase(),
    tls: raw.cert ? { kind: 'files', certFile: resolve(raw.cert), keyFile: resolve(raw.key) } : { kind: 'acme', email: raw.email },
    gateways,
    publicIp: raw['public-ip'],
    redisMaxmemory: maxmemory,
    root: resolve(raw.root ?? '/'),
    build: !raw['no-build'],
  };
}
