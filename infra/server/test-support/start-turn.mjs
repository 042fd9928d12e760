// coturn as a foreground child with the installer's config, on loopback, for the tests.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { turnAllocate } from '../lib/turn-client.mjs';
import { renderTurnConfig } from '../lib/turn-config.mjs';

/** Starts turnserver on 127.0.0.1:`port` and resolves once it answers STUN (a 401 to an anonymous Allocate). */
export async function startTurnServer({ secret, realm, port, relayIps = [], allowedPeerIps = [] }) {
  const dir = await mkdtemp(join(tmpdir(), 'mugharred-turn-'));
  await writeFile(join(dir, 'turnserver.conf'), await renderTurnConfig({ realm, secret, listeningIps: ['127.0.0.1'], relayIps, allowedPeerIps, port, runtimeDir: dir }), { mode: 0o600 });
  const child = spawn('/usr/bin/turnserver', ['-c', join(dir, 'turnserver.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = await turnAllocate({ host: '127.0.0.1', port, username: '0:probe', credential: 'x', timeoutMs: 200 });
    if (probe.reason?.startsWith('refused')) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`turnserver did not answer on 127.0.0.1:${port}\n${output.slice(-3000)}`);
    }
  }
  return { url: `turn:127.0.0.1:${port}?transport=udp`, port, output: () => output, stop };
}
