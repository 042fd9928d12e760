import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP, openPerson, PHONE, snap } from './support/browser.js';
import { createRoom, expectMessage, joinByLink, messageTexts, send } from './support/people.js';
import { useWorld } from './support/setup.js';

const world = useWorld();
let host: Page;
let guest: Page;
let invite: string;
/** Anything the edge's Content-Security-Policy blocked on either page. */
const blocked: string[] = [];

beforeAll(async () => {
  host = await openPerson(world.browser, DESKTOP);
  guest = await openPerson(world.browser, PHONE);
  for (const page of [host, guest]) {
    page.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) blocked.push(m.text());
    });
  }
});

async function waitForConnections(total: number): Promise<number[]> {
  let counts: number[] = [];
  await expect
    .poll(async () => {
      counts = await world.stack.connections();
      return counts.reduce((a, b) => a + b, 0);
    })
    .toBe(total);
  return counts;
}

describe('two people in a room, through the edge', () => {
  it('create a room, join it by its link, and talk both ways on the replica the edge gives the room', async () => {
    await host.goto(world.stack.origin);
    await snap(host, 'home-desktop-light');
    invite = await createRoom(host, world.stack.origin, { name: 'Amira', room: 'Friday planning' });
    await snap(host, 'room-empty-host');

    await guest.goto(world.stack.origin);
    await snap(guest, 'home-phone-dark');
    await guest.goto(invite);
    await expect.poll(() => guest.getByRole('heading', { name: 'Friday planning' }).isVisible()).toBe(true);
    await expect.poll(() => guest.getByText('1 of 8 in the room').isVisible()).toBe(true);
    await snap(guest, 'invite-phone-dark');
    await joinByLink(guest, invite, 'Bashir');

    // The edge routes sockets by room: both people share one replica.
    expect([...(await waitForConnections(2))].sort()).toEqual([0, 2]);

    await send(host, 'Hello Bashir 👋 welcome');
    await expectMessage(guest, 'Hello Bashir 👋 welcome');
    await send(guest, 'مرحبا Amira! Good to be here');
    await expectMessage(host, 'مرحبا Amira! Good to be here');
    await send(guest, 'A long line that has to wrap on a phone screen because nobody writes short messages when planning a Friday');
    await expectMessage(host, 'A long line that has to wrap on a phone screen because nobody writes short messages when planning a Friday');
    expect(await messageTexts(host)).toEqual(await messageTexts(guest));
    await snap(host, 'room-conversation-desktop-light');
    await snap(guest, 'room-conversation-phone-dark');
  });

  it('shows who is here, with the host badge and online dots, on both screens', async () => {
    const people = host.getByRole('complementary', { name: 'People in this room' });
    await expect.poll(() => people.getByText('Bashir').isVisible()).toBe(true);
    expect(await people.getByText('Host', { exact: true }).count()).toBe(1);
    expect(await host.getByText('2 online').isVisible()).toBe(true);

    await guest.getByRole('button', { name: /People and room options/ }).click();
    const drawer = guest.getByRole('dialog', { name: 'Room' });
    await expect.poll(() => drawer.getByText('Amira').isVisible()).toBe(true);
    await snap(guest, 'participants-drawer-phone-dark');
    await guest.keyboard.press('Escape');
    await expect.poll(() => drawer.isVisible()).toBe(false);
  });

  it('shows markup as characters, runs none of it, and keeps `Tom & Jerry <3` as typed', async () => {
    const ran: string[] = [];
    for (const page of [host, guest]) page.on('dialog', (d) => void d.dismiss().then(() => ran.push(d.message())));
    await send(guest, '<img src=x onerror="window.__xss=1;alert(1)">');
    await send(guest, '<script>window.__xss=2</script>hi');
    await send(guest, 'Tom & Jerry <3 "quoted"');
    await send(guest, 'see https://example.com/a?b=1&c=2, not javascript:alert(1)');
    await expectMessage(host, 'Tom & Jerry <3 "quoted"');
    await expectMessage(host, 'see https://example.com/a?b=1&c=2, not javascript:alert(1)');
    await expectMessage(guest, 'Tom & Jerry <3 "quoted"');

    for (const page of [host, guest]) {
      expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
      expect(await page.locator('[role=log] img, [role=log] script').count()).toBe(0);
      const link = page.locator('[role=log] a', { hasText: 'https://example.com/a?b=1&c=2' });
      expect(await link.getAttribute('href')).toBe('https://example.com/a?b=1&c=2');
      expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
      expect(await page.locator('[role=log] a[href^="javascript"]').count()).toBe(0);
    }
    expect(ran).toEqual([]);
    await snap(host, 'room-markup-as-text');
  });

  it('the host locks the room: everyone sees it, and a third person is told why and offered to ask to enter', async () => {
    await host.getByRole('button', { name: 'Lock room' }).click();
    await expect.poll(() => host.getByRole('button', { name: 'Unlock room' }).isVisible()).toBe(true);
    await expect.poll(() => guest.getByText('The host locked the room').isVisible()).toBe(true);

    const third = await openPerson(world.browser, DESKTOP);
    await third.goto(invite);
    await expect
      .poll(() => third.getByText('The host has locked this room. You can ask to enter', { exact: false }).isVisible())
      .toBe(true);
    expect(await third.getByRole('button', { name: 'Join room' }).count()).toBe(0);
    expect(await third.getByRole('button', { name: 'Ask to enter' }).isVisible()).toBe(true);
    await snap(third, 'invite-locked');
    await third.context().close();
  });

  it('the host removes the guest, who sees why and cannot come back', async () => {
    await host.getByRole('complementary', { name: 'People in this room' }).getByText('Bashir').hover();
    await host.getByRole('button', { name: 'Remove Bashir' }).click();
    await host.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();

    await expect.poll(() => guest.getByRole('heading', { name: 'You were removed from this room' }).isVisible()).toBe(true);
    expect(await guest.getByText('The host removed you from “Friday planning”').isVisible()).toBe(true);
    await snap(guest, 'kicked-phone-dark');

    await expect.poll(() => host.getByText('Bashir was removed by the host').isVisible()).toBe(true);
    const people = host.getByRole('complementary', { name: 'People in this room' });
    await expect.poll(() => people.getByText('Bashir').count()).toBe(0);

    // The session is gone with the place: a reload shows the invite page, not the room.
    await guest.reload();
    await expect.poll(() => guest.getByRole('heading', { name: 'Friday planning' }).isVisible()).toBe(true);
    expect(await guest.getByLabel('Message', { exact: true }).count()).toBe(0);
  });

  it('the host ends the room: it closes for the host and the link leads nowhere', async () => {
    await host.getByRole('button', { name: 'End room' }).click();
    await host.getByRole('dialog').getByRole('button', { name: 'End room' }).click();
    await expect.poll(() => host.getByRole('heading', { name: 'You ended this room' }).isVisible()).toBe(true);
    await snap(host, 'ended-by-host');
    await guest.reload();
    await expect.poll(() => guest.getByRole('heading', { name: 'The host ended this room' }).isVisible()).toBe(true);
  });

  it('runs the whole time under the edge Content-Security-Policy without it blocking anything', () => {
    expect(blocked).toEqual([]);
  });
});
