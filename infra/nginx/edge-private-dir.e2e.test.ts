import { execFileSync } from 'node:child_process';
import { chmod, cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEdge } from '../../scripts/lib/edge.mjs';
import { freePort } from '../../scripts/lib/redis.mjs';

const builtApp = new URL('../../apps/web/dist/', import.meta.url).pathname;
const isRoot = process.getuid?.() === 0;
const unreachable = 'http://127.0.0.1:9';

/** A checkout's built app inside a directory only its owner can enter (a 0700 home), as a fresh clone often is. */
async function privateCheckout(owner?: string): Promise<{ home: string; webRoot: string }> {
  const home = await mkdtemp(join(tmpdir(), 'mugharred-home-'));
  const webRoot = join(home, 'mugharred/apps/web/dist');
  await cp(builtApp, webRoot, { recursive: true });
  if (owner) execFileSync('chown', ['-R', `${owner}:`, home]);
  await chmod(home, 0o700);
  return { home, webRoot };
}

async function expectAppServed(webRoot: string): Promise<void> {
  const edge = await startEdge({
    port: await freePort(),
    authUrl: unreachable,
    roomsUrl: unreachable,
    gatewayUrls: [unreachable],
    webRoot,
    stdio: 'pipe',
  });
  try {
    const page = await fetch(`${edge.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(await readFile(join(webRoot, 'index.html'), 'utf8'));
    const asset = (await readFile(join(webRoot, 'index.html'), 'utf8')).match(/\/assets\/[^"]+\.js/)?.[0];
    expect(asset).toBeDefined();
    expect((await fetch(`${edge.url}${asset}`)).status).toBe(200);
    const invite = await fetch(`${edge.url}/r/some-room`);
    expect(invite.status).toBe(200);
  } finally {
    await edge.stop();
  }
}

describe('the edge serves the app from a checkout in a private directory', () => {
  let home: string | undefined;
  afterEach(async () => {
    if (home) await rm(home, { recursive: true, force: true });
    home = undefined;
  });

  it('serves the page, its assets and invite links when the checkout is under a 0700 directory', async () => {
    const checkout = await privateCheckout();
    home = checkout.home;
    await expectAppServed(checkout.webRoot);
  });

  it.skipIf(!isRoot)('serves them when root runs the edge on another user’s private checkout', async () => {
    const checkout = await privateCheckout('nobody');
    home = checkout.home;
    await expectAppServed(checkout.webRoot);
  });
});
