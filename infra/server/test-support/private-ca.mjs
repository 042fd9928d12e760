// A private certificate authority and a server certificate it signs, made with openssl for the TLS tests.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const openssl = (args, cwd) => execFileSync('openssl', args, { cwd, stdio: 'pipe' });

/**
 * Resolves with the PEM files' paths (`caFile`, `certFile` with the chain, `keyFile`) and the server
 * certificate's SPKI SHA-256 in base64 (what Chromium's --ignore-certificate-errors-spki-list takes).
 */
export async function makePrivateCa(hostName) {
  const dir = await mkdtemp(join(tmpdir(), 'mugharred-ca-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=Mugharred test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${hostName}`], dir);
  await writeFile(join(dir, 'ext.cnf'), `subjectAltName=DNS:${hostName}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '30', '-extfile', 'ext.cnf'], dir);
  const server = await readFile(join(dir, 'server.pem'), 'utf8');
  await writeFile(join(dir, 'chain.pem'), server + (await readFile(join(dir, 'ca.pem'), 'utf8')));
  const spki = new X509Certificate(server).publicKey.export({ type: 'spki', format: 'der' });
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    certFile: join(dir, 'chain.pem'),
    keyFile: join(dir, 'server.key'),
    spkiHash: createHash('sha256').update(spki).digest('base64'),
  };
}
