#!/usr/bin/env node
// `npm run deploy:server -- --domain chat.example.org`: Mugharred on this server, behind nginx over HTTPS,
// kept alive by systemd. See README.md ("Run it on your server") and infra/server/README.md.
// With --root DIR everything is written under DIR and nothing is started (no systemctl, nginx or certbot).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { ensureBuilt, say } from '../../scripts/lib/bootstrap.mjs';
import { repoRoot } from '../../scripts/lib/services.mjs';
import { renderTemplate } from '../../scripts/lib/edge.mjs';
import { renderEdgeSite } from './lib/edge-site.mjs';
import { writeEnvFile } from './lib/env-file.mjs';
import { certbotCommand, letsEncryptFiles, MEDIA_PORTS, PATHS, PORTS } from './lib/layout.mjs';
import { parseInstallOptions } from './lib/options.mjs';
import { renderTurnConfig } from './lib/turn-config.mjs';
import { enabledUnits, renderUnits } from './lib/units.mjs';

const PACKAGE_UNITS = ['redis-server.service', 'janus.service', 'coturn.service'];

let options;
try {
  options = parseInstallOptions(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${options.help}\n`);
  process.exit(0);
}
const { domain, root } = options;
const live = root === '/';
const at = (path) => join(root, path);

/** Runs a command on a live install; under --root only says what it would run. */
function run(argv, { allowFailure = false } = {}) {
  if (!live) {
    say(`would run: ${argv.join(' ')}`);
    return true;
  }
  say(`running: ${argv.join(' ')}`);
  const res = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit' });
  if (res.status !== 0 && !allowFailure) throw new Error(`${argv.join(' ')} failed (exit ${res.status ?? res.error?.message})`);
  return res.status === 0;
}

async function put(path, text, mode = 0o644) {
  await mkdir(dirname(at(path)), { recursive: true });
  await writeFile(at(path), text, { mode });
  await chmod(at(path), mode);
}

/** An absolute path of a binary the units run; on a live install, a clear error when its package is missing. */
function binary(path, pkg) {
  if (live && !existsSync(path)) throw new Error(`${path} is missing: apt-get install ${pkg}`);
  return path;
}

function checkAppDir() {
  // DynamicUser services and nginx's workers run as unprivileged users: the checkout must be outside /root and
  // /home (ProtectHome=yes hides them) and every folder on its path open to others.
  if (/^\/(root|home)(\/|$)/.test(repoRoot)) {
    throw new Error(`the checkout is under ${repoRoot}; clone it to /opt/mugharred (ProtectHome hides /root and /home from the services)`);
  }
  if (/^\/(root|home)(\/|$)/.test(process.execPath)) {
    throw new Error(`node is ${process.execPath}, which the services cannot see (ProtectHome); install Node.js system-wide (a package)`);
  }
  for (let dir = repoRoot.replace(/\/$/, ''); dir; dir = dirname(dir) === dir ? '' : dirname(dir)) {
    if ((statSync(dir).mode & 0o005) !== 0o005) throw new Error(`${dir} is closed to other users; the services cannot read the checkout (chmod o+rx ${dir})`);
  }
}

async function main() {
  if (live && process.getuid?.() !== 0) throw new Error('run it as root (sudo npm run deploy:server -- ...), or with --root DIR to only write the files');
  if (live) checkAppDir();
  if (options.build) ensureBuilt();

  const { settings, generated } = await writeEnvFile(await prepare(PATHS.envFile), options);
  say(generated.length ? `generated ${generated.join(', ')} into ${PATHS.envFile} (mode 0600; never printed)` : `kept the secrets in ${PATHS.envFile}`);

  await put(PATHS.redisConf, renderTemplate(await readFile(join(repoRoot, 'infra/server/redis/redis.conf.template'), 'utf8'), {
    REDIS_PORT: String(PORTS.redis),
    REDIS_MAXMEMORY: options.redisMaxmemory,
  }));
  await put(PATHS.turnConf, await renderTurnConfig({ realm: domain, secret: settings.get('VOICE_TURN_SECRET'), publicIp: options.publicIp }), 0o600);

  const units = await renderUnits({
    node: process.execPath,
    appDir: repoRoot.replace(/\/$/, ''),
    redisServer: binary('/usr/bin/redis-server', 'redis-server'),
    turnserver: binary('/usr/bin/turnserver', 'coturn'),
  });
  for (const [name, text] of Object.entries(units)) await put(join(PATHS.unitDir, name), text);
  say(`wrote ${Object.keys(units).length} systemd units into ${PATHS.unitDir}`);

  const tlsFiles = options.tls.kind === 'files' ? options.tls : letsEncryptFiles(domain);
  await mkdir(at(PATHS.acmeRoot), { recursive: true, mode: 0o755 });
  const site = await renderEdgeSite({
    serverName: domain,
    httpsListen: ['443', '[::]:443'],
    httpListen: ['80', '[::]:80'],
    ...tlsFiles,
    confDir: PATHS.nginxConfDir,
    webRoot: join(repoRoot, 'apps/web/dist'),
    acmeRoot: PATHS.acmeRoot,
    accessLog: PATHS.accessLog,
    upstreams: {
      auth: `127.0.0.1:${PORTS.auth}`,
      rooms: `127.0.0.1:${PORTS.rooms}`,
      janus: `127.0.0.1:${PORTS.janus}`,
      gateways: options.gateways.map((p) => `127.0.0.1:${p}`),
    },
  });
  await put(join(PATHS.nginxConfDir, 'tls.conf'), site['tls.conf']);
  await put(join(PATHS.nginxConfDir, 'security-headers.conf'), site['security-headers.conf']);
  await enableSite();

  if (options.tls.kind === 'acme' && !existsSync(at(tlsFiles.certFile))) {
    // nginx refuses a TLS server whose certificate is missing: serve only the ACME challenges until certbot has one.
    await put(PATHS.nginxSite, site['http-only.conf']);
    run(['nginx', '-t']);
    run(['systemctl', 'reload-or-restart', 'nginx']);
    run(certbotCommand(domain, options.tls.email));
  }
  await put(PATHS.nginxSite, site['site.conf']);
  say(`wrote the nginx site ${PATHS.nginxSite} (https://${domain}, certificate ${tlsFiles.certFile})`);

  // Debian's redis-server, janus and coturn packages start their own services (janus's listens everywhere with a
  // published admin secret); the mugharred-* units replace them.
  for (const unit of PACKAGE_UNITS) {
    if (!live || existsSync(join('/lib/systemd/system', unit))) run(['systemctl', 'disable', '--now', unit], { allowFailure: true });
  }
  run(['systemctl', 'daemon-reload']);
  run(['systemctl', 'enable', ...enabledUnits(options.gateways)]);
  run(['systemctl', 'restart', 'mugharred.target', ...enabledUnits(options.gateways).filter((u) => u !== 'mugharred.target')]);
  run(['nginx', '-t']);
  run(['systemctl', 'reload-or-restart', 'nginx']);

  say(
    [
      `${live ? 'installed' : `written under ${root} (nothing started)`}: https://${domain}`,
      `open in a firewall: TCP 80, 443, ${PORTS.turn}; UDP ${PORTS.turn}, ${MEDIA_PORTS.janusRtp} (Janus), ${MEDIA_PORTS.turnRelayMin}-${MEDIA_PORTS.turnRelayMax} (TURN relays)`,
      `check it: npm run check -- https://${domain}`,
      'update it later: npm run update:server (rolling, one service at a time)',
    ].join('\n    '),
  );
}

/** Makes the env file's folder (root only) and returns the file's path under the root. */
async function prepare(path) {
  await mkdir(dirname(at(path)), { recursive: true, mode: 0o700 });
  await chmod(dirname(at(path)), 0o700);
  return at(path);
}

async function enableSite() {
  await mkdir(dirname(at(PATHS.nginxEnabled)), { recursive: true });
  await rm(at(PATHS.nginxEnabled), { force: true });
  await symlink(relative(dirname(PATHS.nginxEnabled), PATHS.nginxSite), at(PATHS.nginxEnabled));
}

main().catch((err) => {
  say(`install failed: ${err.message}`);
  process.exit(1);
});
