import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP, openPerson, snap } from './support/browser.js';
import { createRoom, expectMessage, joinByLink, messageTexts, send, waitLive } from './support/people.js';
import { useWorld } from './support/setup.js';

const world = useWorld();

/** The seqs the page shows, in order. */
const seqs = (page: Page) =>
  page.locator('[role=log] li[data-kind=message]').evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-seq'))));

describe('losing a gateway replica', () => {
  it('reconnects the page to the other replica and shows every message exactly once, in order', async () => {
    const amira = await openPerson(world.browser, DESKTOP);
    const bashir = await openPerson(world.browser, DESKTOP);
    const invite = await createRoom(amira, world.stack.origin, { name: 'Amira', room: 'Night shift' });
    await joinByLink(bashir, invite, 'Bashir');
    // nginx takes turns over the replicas; make sure each person holds a socket on a different one.
    for (let i = 0; (await world.stack.connections()).join() !== '1,1'; i++) {
      if (i > 10) throw new Error(`connections stayed ${await world.stack.connections()}`);
      if (i % 3 === 2) {
        await bashir.reload();
        await waitLive(bashir);
      }
      await new Promise((r) => setTimeout(r, 200));
    }

    const sent: string[] = [];
    const say = async (page: Page, text: string) => {
      sent.push(text);
      await send(page, text);
      await expectMessage(amira, text);
      await expectMessage(bashir, text);
    };
    for (let i = 1; i <= 3; i++) await say(i % 2 ? amira : bashir, `before ${i}`);

    // Kill the replica holding one of them, without a goodbye (no 1012 close): a crash, not a restart.
    const victim = world.stack.gateways[0]!;
    const survivor = world.stack.gateways[1]!;
    await victim.kill();
    const cut = await Promise.any(
      [amira, bashir].map(async (p) => {
        await p.getByText('Connection lost. Reconnecting…').waitFor({ timeout: 5000 });
        return p;
      }),
    );
    await snap(cut, 'reconnecting-banner');

    // The one still connected keeps talking while the other is away.
    const other = cut === amira ? bashir : amira;
    for (let i = 1; i <= 3; i++) {
      const text = `during ${i}`;
      sent.push(text);
      await send(other, text);
      await expectMessage(other, text);
    }
    await waitLive(cut);
    await expect.poll(async () => (await fetch(`${survivor.url}/health`).then((r) => r.json())).connections).toBe(2);

    for (let i = 1; i <= 3; i++) await say(i % 2 ? cut : other, `after ${i}`);
    for (const page of [amira, bashir]) {
      expect(await messageTexts(page)).toEqual(sent);
      const shown = await seqs(page);
      expect(shown).toEqual(shown.map((_, i) => shown[0]! + i));
    }
    await snap(cut, 'after-reconnect');
  });
});
