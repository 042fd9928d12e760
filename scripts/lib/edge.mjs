import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const confSource = join(repoRoot, 'infra/nginx');
const MODULE_DIRS = ['/usr/lib/nginx/modules', '/usr/share/nginx/modules', '/etc/nginx/modules'];
const BROTLI_MODULES = ['ngx_http_brotli_filter_module.so', 'ngx_http_brotli_static_module.so'];

/** The nginx binary: NGINX_BIN, else Debian's path, else whatever PATH finds. */
export function nginxBinary() {
  if (process.env.NGINX_BIN) return process.env.NGINX_BIN;
  return existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
}

/** Fills `${NAME}` placeholders; a name without a value is an error, nginx's own `$name`s are left alone. */
export function renderTemplate(template, vars) {
  return template.replace(/\$\{([A-Z_]+)\}/g, (_, name) => {
    if (!(name in vars)) throw new Error(`edge template: no value for \${${name}}`);
    return vars[name];
  });
}

function brotliModules() {
  for (const dir of MODULE_DIRS) {
    const paths = BROTLI_MODULES.map((m) => join(dir, m));
    if (paths.every((p) => existsSync(p))) return paths;
  }
  return null;
}

function hasIpv6Loopback() {
  return Object.values(networkInterfaces()).some((list) => list?.some((a) => a.internal && a.address === '::1'));
}

const hostPort = (url) => new URL(url).host;

const nameOf = (flag, id) => {
  const res = spawnSync('id', [flag, String(id)], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : null;
};

/**
 * Started as root, nginx runs its workers as an unprivileged user, who cannot read a checkout inside a private
 * directory (a 0700 home): the app would answer 500. So the workers run as whoever owns the built app, which can
 * always read it (root for a clone made by root). As any other user nginx cannot switch users: no directive.
 */
export function workerUserDirective(webRoot) {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return '';
  const { uid, gid } = statSync(webRoot);
  const user = nameOf('-nu', uid) ?? 'root';
  const group = user === 'root' ? 'root' : (nameOf('-ng', uid) ?? String(gid));
  return `user ${user} ${group};`;
}

/**
 * Runs the edge: renders infra/nginx into a temp dir with these upstreams and starts Debian's nginx in the
 * foreground as a child. Listens on 127.0.0.1 (and ::1 when the machine has it, since browsers may resolve
 * localhost either way). `workerUrl` is accepted for symmetry with startBackend: the worker's /health and
 * /metrics stay private and are never routed through the edge. `janusUrl` is Janus's API (WebSocket) that
 * `/janus` proxies to (default ws://127.0.0.1:8188; a Janus that is not running reads as voice unavailable).
 * Resolves once the edge answers HTTP.
 * stdio: 'prefix' (lines as `[edge] ...`), 'inherit', or 'pipe' (kept quiet).
 *
 * @param {{ port?: number, authUrl: string, roomsUrl: string, gatewayUrls: string[], workerUrl?: string,
 *   janusUrl?: string, webRoot?: string, stdio?: 'prefix' | 'inherit' | 'pipe' }} options
 */
export async function startEdge({
  port = 3010,
  authUrl,
  roomsUrl,
  gatewayUrls,
  workerUrl: _workerUrl,
  janusUrl = 'ws://127.0.0.1:8188',
  webRoot = join(repoRoot, 'apps/web/dist'),
  stdio = 'prefix',
}) {
  if (!authUrl || !roomsUrl || !gatewayUrls?.length) throw new Error('startEdge needs authUrl, roomsUrl and gatewayUrls');
  if (!existsSync(join(webRoot, 'index.html'))) {
    throw new Error(`startEdge: ${webRoot}/index.html is missing; build the web app first (pnpm build)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'mugharred-edge-'));
  // The workers (another user when we run as root) must reach the config and temp dirs.
  await chmod(dir, 0o755);
  await mkdir(join(dir, 'tmp'), { mode: 0o755 });
  for (const file of ['security-headers.conf', 'brotli.conf', 'mime.types']) {
    await copyFile(join(confSource, file), join(dir, file));
  }
  const brotli = brotliModules();
  const listen = [`127.0.0.1:${port}`, ...(hasIpv6Loopback() ? [`[::1]:${port}`] : [])];
  const vars = {
    CONF_DIR: dir,
    RUN_DIR: dir,
    WORKER_USER: workerUserDirective(webRoot),
    WEB_ROOT: webRoot,
    LOAD_MODULES: brotli ? brotli.map((p) => `load_module ${p};`).join('\n') : '',
    BROTLI_INCLUDE: brotli ? `include ${dir}/brotli.conf;` : '',
    LISTEN_DIRECTIVES: listen.map((l) => `listen ${l};`).join('\n  '),
    AUTH_UPSTREAM: hostPort(authUrl),
    ROOMS_UPSTREAM: hostPort(roomsUrl),
    JANUS_UPSTREAM: hostPort(janusUrl),
    GATEWAY_SERVERS: gatewayUrls.map((u) => `server ${hostPort(u)} max_fails=1 fail_timeout=5s;`).join('\n  '),
  };
  for (const name of ['nginx.conf', 'mugharred.conf']) {
    const template = await readFile(join(confSource, `${name}.template`), 'utf8');
    await writeFile(join(dir, name), renderTemplate(template, vars));
  }

  const child = spawn(nginxBinary(), ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const onData = (d) => {
    const text = d.toString();
    output += text;
    if (stdio === 'prefix') for (const line of text.split('\n')) if (line) process.stdout.write(`[edge] ${line}\n`);
    if (stdio === 'inherit') process.stdout.write(text);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const spawned = new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err) =>
      reject(new Error(`could not run nginx (${err.message}); install it: apt-get install nginx`)),
    );
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const cleanup = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };

  await spawned;
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = await readFile(join(dir, 'error.log'), 'utf8').catch(() => '');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`nginx exited with ${child.exitCode}\n${output}${log}`);
    }
    try {
      await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        await cleanup();
        throw new Error(`the edge did not answer on port ${port}\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url: `http://localhost:${port}`,
    port,
    pid: child.pid,
    dir,
    /** nginx's error log so far (startup problems, upstream failures). */
    errors: () => readFile(join(dir, 'error.log'), 'utf8').catch(() => ''),
    stop: cleanup,
  };
}
