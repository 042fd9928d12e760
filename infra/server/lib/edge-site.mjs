// The production nginx site: infra/nginx's site template served over TLS, plus the HTTP server that answers
// ACME challenges and redirects everything else to HTTPS. Used by install.mjs and by the TLS edge test.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gatewayServers, renderTemplate } from '../../../scripts/lib/edge.mjs';

const nginxDir = fileURLToPath(new URL('../../nginx/', import.meta.url));
const read = (name) => readFile(join(nginxDir, name), 'utf8');

/**
 * The files of the production site, by name: `site.conf` (http-level: log format, upstreams, the HTTPS and
 * the HTTP server), `http-only.conf` (the HTTP server alone, for the first certbot run), and what it includes
 * from `confDir`: `tls.conf`, `security-headers.conf` (with HSTS).
 *
 * @param {{ serverName: string, publicHost?: string, httpsListen: string[], httpListen: string[],
 *   certFile: string, keyFile: string, confDir: string, webRoot: string, acmeRoot: string, accessLog: string,
 *   upstreams: { auth: string, rooms: string, janus: string, gateways: string[] } }} o
 *   `publicHost` is where the redirect points (the name, with a port when it is not 443); listen values are
 *   nginx `listen` arguments without `ssl` (`443`, `[::]:443`, `127.0.0.1:4543`).
 */
export async function renderEdgeSite(o) {
  const publicHost = o.publicHost ?? o.serverName;
  const site = renderTemplate(await read('mugharred.conf.template'), {
    LISTEN_DIRECTIVES: [
      ...o.httpsListen.map((l) => `listen ${l} ssl http2;`),
      `server_name ${o.serverName};`,
      `include ${o.confDir}/tls.conf;`,
    ].join('\n  '),
    WEB_ROOT: o.webRoot,
    CONF_DIR: o.confDir,
    AUTH_UPSTREAM: o.upstreams.auth,
    ROOMS_UPSTREAM: o.upstreams.rooms,
    JANUS_UPSTREAM: o.upstreams.janus,
    GATEWAY_SERVERS: gatewayServers(o.upstreams.gateways),
  });
  const redirect = renderTemplate(await read('https-redirect.conf.template'), {
    HTTP_LISTEN_DIRECTIVES: o.httpListen.map((l) => `listen ${l};`).join('\n  '),
    SERVER_NAME: o.serverName,
    PUBLIC_HOST: publicHost,
    ACME_ROOT: o.acmeRoot,
    ACCESS_LOG: o.accessLog,
  });
  const header = `# Mugharred at https://${publicHost}/, written by infra/server/install.mjs (re-running it rewrites this file).`;
  const logFormat = await read('log-format.conf');
  return {
    'site.conf': [header, logFormat, site, redirect].join('\n'),
    // Until certbot has a certificate: only the HTTP server (ACME challenges, redirect).
    'http-only.conf': [header, logFormat, redirect].join('\n'),
    'tls.conf': renderTemplate(await read('tls.conf.template'), { CERT_FILE: o.certFile, KEY_FILE: o.keyFile, ACCESS_LOG: o.accessLog }),
    // HTTPS only: the page may open wss:// to its own host, never a plain ws:// (the local edge allows both).
    'security-headers.conf': `${(await read('security-headers.conf')).replace(' ws://$http_host', '')}\n${await read('hsts.conf')}`,
  };
}
