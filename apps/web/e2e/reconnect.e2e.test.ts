import { describe, expect, it, onTestFinished } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP, openPerson, snap } from './support/browser.js';
import { createRoom, expectMessage, joinByLink, messageTexts, send, waitLive } from './support/people.js';
import { useWorld } from './support/setup.js';

const world = useWorld();

/** The seqs the page shows, in order. */
const seqs = (page: Page) =>
  page.locator('[role=log] li[data-kind=message]').evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-seq'))));

describe('losing a gateway replica', () => {
  it('keeps a room on one replica, and when it dies brings both pages back on the other with every message once, in order', async () => {
    const amira = await openPerson(world.browser, DESKTOP);
    const bashir = await openPerson(world.browser, DESKTOP);
    const invite = await createRoom(amira, world.stack.origin, { name: 'Amira', room: 'Night shift' });
    await joinByLink(bashir, invite, 'Bashir');
    // The edge routes sockets by room: both people are on one replica.
    await expect.poll(async () => [...(await world.stack.connections())].sort().join()).toBe('0,2');

    const sent: string[] = [];
    const say = async (page: Page, text: string) => {
      sent.push(text);
      await send(page, text);
      await expectMessage(amira, text);
      await expectMessage(bashir, text);
    };
    for (let i = 1; i <= 3; i++) await say(i % 2 ? amira : bashir, `before ${i}`);

    // Kill the room's replica without a goodbye (no 1012 close): a crash, not a restart.
    const victimAt = (await world.stack.connections()).indexOf(2);
    const victim = world.stack.gateways[victimAt]!;
    const survivor = world.stack.gateways[1 - victimAt]!;
    await victim.kill();
    for (const page of [amira, bashir]) await page.getByText('Connection lost. Reconnecting…').waitFor({ timeout: 5000 });
    await snap(amira, 'reconnecting-banner');

    // Typed while the connection is down: kept, and stored once it is back.
    for (let i = 1; i <= 3; i++) {
      const text = `during ${i}`;
      sent.push(text);
      await send(amira, text);
    }
    await waitLive(amira);
    await waitLive(bashir);
    await expect.poll(async () => (await fetch(`${survivor.url}/health`).then((r) => r.json())).connections).toBe(2);
    for (const page of [amira, bashir]) await expectMessage(page, 'during 3');

    for (let i = 1; i <= 3; i++) await say(i % 2 ? amira : bashir, `after ${i}`);
    for (const page of [amira, bashir]) {
      expect(await messageTexts(page)).toEqual(sent);
      const shown = await seqs(page);
      expect(shown).toEqual(shown.map((_, i) => shown[0]! + i));
    }
    await snap(amira, 'after-reconnect');
    for (const page of [amira, bashir]) await page.context().close();
  });
});

describe('a deploy', () => {
  it('moves both pages to the other replica without anyone shown leaving or joining again', async () => {
    // The first test killed a replica: bring it back on its port, as the supervisor would (and stop it here:
    // the stack stops only the processes it started).
    const respawned: (typeof world.stack.gateways)[number][] = [];
    for (const [i, g] of world.stack.gateways.entries()) {
      if (g.child.exitCode !== null || g.child.signalCode !== null) respawned.push((world.stack.gateways[i] = await g.respawn()));
    }
    onTestFinished(() => Promise.all(respawned.map((g) => g.stop())).then(() => undefined));
    const amira = await openPerson(world.browser, DESKTOP);
    const bashir = await openPerson(world.browser, DESKTOP);
    const invite = await createRoom(amira, world.stack.origin, { name: 'Amira', room: 'Deploy day' });
    await joinByLink(bashir, invite, 'Bashir');
    await expectNotice(amira, 'Bashir joined');
    await send(bashir, 'before the deploy');
    await expectMessage(amira, 'before the deploy');

    // The room's replica is restarted (SIGTERM): it drains, and the pages come back on the other one.
    await expect.poll(async () => [...(await world.stack.connections())].sort().join()).toBe('0,2');
    const counts = await world.stack.connections();
    const draining = world.stack.gateways[counts.indexOf(2)]!;
    const other = world.stack.gateways[1 - counts.indexOf(2)]!;
    const stoppedAt = Date.now();
    await draining.stop();
    await expect.poll(async () => (await fetch(`${other.url}/health`).then((r) => r.json())).connections).toBe(2);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    await waitLive(amira);
    await waitLive(bashir);
    await send(bashir, 'after the deploy');
    await expectMessage(amira, 'after the deploy');
    expect(await messageTexts(amira)).toEqual(['before the deploy', 'after the deploy']);
    // Nobody moved out of the room: no second "joined" line, and Bashir never showed offline.
    expect(await amira.getByText('Bashir joined').count()).toBe(1);
    await snap(amira, 'after-deploy');
  });
});

async function expectNotice(page: Page, text: string): Promise<void> {
  await expect.poll(() => page.getByText(text).count()).toBe(1);
}
