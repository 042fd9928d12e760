// HTTPS and WSS to one public origin, as a browser would reach it, with two knobs a browser does not have:
// extra trusted CAs (a private CA in tests) and a fixed address for the name (before DNS points at the server).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createRequire } from 'node:module';
import { connect, rootCertificates } from 'node:tls';
import { readFileSync } from 'node:fs';

// ws comes from the workspace (Node 20 has no WebSocket client); packages/voice depends on it.
const WebSocket = createRequire(new URL('../../../packages/voice/package.json', import.meta.url))('ws');

/**
 * @param {{ origin: string, caFile?: string, resolveTo?: string }} o
 */
export function edgeClient({ origin, caFile, resolveTo }) {
  const base = new URL(origin);
  const ca = caFile ? [...rootCertificates, readFileSync(caFile, 'utf8')] : undefined;
  const lookup = resolveTo
    ? (_host, options, callback) => (options?.all ? callback(null, [{ address: resolveTo, family: resolveTo.includes(':') ? 6 : 4 }]) : callback(null, resolveTo, resolveTo.includes(':') ? 6 : 4))
    : undefined;
  const tlsOptions = { ...(ca ? { ca } : {}), ...(lookup ? { lookup } : {}) };

  /** One HTTP(S) request; resolves with status, headers and the body as text (never throws on a status). */
  function fetchText(url, { method = 'GET', headers = {}, body } = {}) {
    const target = new URL(url, base);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(target, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, ...tlsOptions, timeout: 10_000 }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer from ${target.host} within 10 s`)));
      req.on('error', reject);
      req.end(body ? JSON.stringify(body) : undefined);
    });
  }

  return {
    origin: base.origin,
    host: base.hostname,
    fetchText,
    async json(path, options) {
      const res = await fetchText(path, options);
      let data = null;
      try {
        data = JSON.parse(res.text);
      } catch {
        // Not JSON: the caller reports the status.
      }
      return { ...res, data };
    },
    /** The origin's certificate as the TLS handshake saw it, and whether it is trusted for the name. */
    certificate() {
      return new Promise((resolve, reject) => {
        const socket = connect({ host: resolveTo ?? base.hostname, port: Number(base.port || 443), servername: base.hostname, ...(ca ? { ca } : {}), rejectUnauthorized: false }, () => {
          const cert = socket.getPeerCertificate();
          resolve({ authorized: socket.authorized, error: socket.authorizationError?.toString(), validTo: new Date(cert.valid_to), issuer: cert.issuer?.CN ?? cert.issuer?.O ?? '?', protocol: socket.getProtocol() });
          socket.end();
        });
        socket.setTimeout(10_000, () => socket.destroy(new Error(`no TLS answer from ${base.host} within 10 s`)));
        socket.on('error', reject);
      });
    },
    /** A WebSocket to `path` on the origin, with the browser's Origin header. */
    socket(path, protocols) {
      const url = new URL(path, base);
      url.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
      return new WebSocket(url, protocols, { origin: base.origin, handshakeTimeout: 10_000, ...tlsOptions });
    },
    lookupAddress: async (host) => resolveTo ?? host,
  };
}
