import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP, snap } from './support/browser.js';
import { createRoom, expectMessage, joinByLink, messageTexts, send, waitLive } from './support/people.js';
import { useWorld } from './support/setup.js';

const world = useWorld();

/** Records every WebSocket the page opens and the frames it sends and receives. */
function recordSockets(page: Page) {
  const log = { opened: 0, sent: [] as string[], received: [] as string[] };
  page.on('websocket', (ws) => {
    log.opened += 1;
    ws.on('framesent', (f) => log.sent.push(String(f.payload)));
    ws.on('framereceived', (f) => log.received.push(String(f.payload)));
  });
  return log;
}

const roomToken = (page: Page) =>
  page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('mugharred:room:'))?.[1] ?? null);

describe('a session', () => {
  it('an invite link to a room that never existed says so', async () => {
    const page = await world.browser.newPage(DESKTOP);
    await page.goto(`${world.stack.origin}/r/AAAAAAAAAAAAAAAAAAAAAA`);
    await expect.poll(() => page.getByRole('heading', { name: 'No room at this link' }).isVisible()).toBe(true);
    await snap(page, 'invite-unknown');
    await page.close();
  });

  it('an invite link to a full room says it is full', async () => {
    const host = await world.browser.newPage(DESKTOP);
    const invite = await createRoom(host, world.stack.origin, { name: 'Nour', room: 'Just us two', capacity: 2 });
    const second = await world.browser.newPage(DESKTOP);
    await joinByLink(second, invite, 'Omar');
    const third = await world.browser.newPage(DESKTOP);
    await third.goto(invite);
    await expect.poll(() => third.getByText('This room is full.').isVisible()).toBe(true);
    expect(await third.getByText('2 of 2 · full').isVisible()).toBe(true);
    await snap(third, 'invite-full');
    for (const page of [host, second, third]) await page.close();
  });

  it('a stored session for a room that ended while the tab was closed shows that the room is gone', async () => {
    const context = await world.browser.newContext(DESKTOP);
    const page = await context.newPage();
    const invite = await createRoom(page, world.stack.origin, { name: 'Rana', room: 'Gone soon' });
    const token = await roomToken(page);
    await page.close();
    const roomId = invite.split('/r/')[1]!;
    const ended = await fetch(`${world.stack.origin}/api/rooms/${roomId}/end`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ended.status).toBe(200);

    const again = await context.newPage();
    await again.goto(invite);
    await expect
      .poll(() => again.getByRole('heading', { name: /This room is no longer available|The host ended this room/ }).isVisible())
      .toBe(true);
    expect(await roomToken(again)).toBeNull();
    await context.close();
  });

  it('can be used with the keyboard alone, from the first Tab to a sent message', async () => {
    const context = await world.browser.newContext(DESKTOP);
    const page = await context.newPage();
    await page.goto(world.stack.origin);
    // React renders after the load event; keys pressed before the form exists would go nowhere.
    await page.getByRole('heading', { name: 'Start a room' }).waitFor();
    await page.keyboard.press('Tab'); // the brand link
    await page.keyboard.press('Tab');
    await page.keyboard.type('Keyla');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Keyboard club');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/r\//);
    await waitLive(page);
    // The composer is reachable by Tab from the top of the room.
    for (let i = 0; i < 15; i++) {
      if (await page.evaluate(() => document.activeElement?.tagName === 'TEXTAREA')) break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type('typed without a mouse');
    await page.keyboard.press('Enter');
    await expectMessage(page, 'typed without a mouse');
    // Near the limit a counter shows how many characters are left.
    await page.getByLabel('Message', { exact: true }).fill('x'.repeat(1950));
    await expect.poll(() => page.getByText('50', { exact: true }).isVisible()).toBe(true);
    await context.close();
  });

  it('renews its token before expiry on the same socket, and survives a reload with the new one', async () => {
    const context = await world.browser.newContext(DESKTOP);
    await context.clock.install();
    const page = await context.newPage();
    const sockets = recordSockets(page);
    await createRoom(page, world.stack.origin, { name: 'Sami', room: 'Long meeting', duration: '2 hours' });
    await send(page, 'first');
    await expectMessage(page, 'first');
    const before = await roomToken(page);

    // The laptop lid closes for 56 minutes: the 1-hour token is now 4 minutes from expiry.
    await page.clock.fastForward('56:00');
    await expect.poll(() => roomToken(page)).not.toBe(before);
    await expect.poll(() => sockets.received.some((f) => f.includes('"token_refreshed"'))).toBe(true);
    expect(sockets.sent.some((f) => f.includes('"refresh_token"'))).toBe(true);
    expect(sockets.opened).toBe(1);
    await send(page, 'second, same socket');
    await expectMessage(page, 'second, same socket');
    expect(sockets.opened).toBe(1);

    await page.reload();
    await waitLive(page);
    expect(await messageTexts(page)).toEqual(['first', 'second, same socket']);
    await snap(page, 'after-reload');
    await context.close();
  });
});
