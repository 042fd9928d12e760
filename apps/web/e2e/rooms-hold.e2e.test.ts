import { beforeAll, describe, expect, it } from 'vitest';
import type { Page, WebSocketRoute } from 'playwright-core';
import { axeCollector } from './support/axe.js';
import { DESKTOP, openPerson, PHONE } from './support/browser.js';
import { createRoom, expectMessage, joinByLink, messageTexts, send } from './support/people.js';
import { useWorld } from './support/setup.js';

const world = useWorld();
let host: Page;
let guest: Page;
let invite: string;

/** Serious and critical axe findings per screen, gathered by every test below and asserted empty at the end. */
const a11y = axeCollector();
const axeCheck = (page: Page, screen: string) => a11y.check(page, screen);

beforeAll(async () => {
  host = await openPerson(world.browser, DESKTOP);
  guest = await openPerson(world.browser, PHONE);
  invite = await createRoom(host, world.stack.origin, { name: 'Amira', room: 'Rooms that hold' });
  await joinByLink(guest, invite, 'Bashir');
});

describe('a kick keeps the person out', () => {
  it('the removed guest opens the invite again, presses Join with the name prefilled, and is refused', async () => {
    const third = await openPerson(world.browser, DESKTOP);
    await joinByLink(third, invite, 'Karim');
    await host.getByRole('complementary', { name: 'People in this room' }).getByText('Karim').hover();
    await host.getByRole('button', { name: 'Remove Karim' }).click();
    await host.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => third.getByRole('heading', { name: 'You were removed from this room' }).isVisible()).toBe(true);
    expect(await third.getByText('You cannot rejoin it with this invite').isVisible()).toBe(true);
    await axeCheck(third, 'removed screen, desktop light');

    await third.goto(invite);
    expect(await third.getByLabel('Your name').inputValue()).toBe('Karim');
    await third.getByRole('button', { name: 'Join room' }).click();
    await expect.poll(() => third.getByText('The host removed you from this room.').isVisible()).toBe(true);
    expect(await third.getByLabel('Message', { exact: true }).count()).toBe(0);
    await axeCheck(third, 'invite with a refusal, desktop light');
    // Another name changes nothing: the browser is still the person who was removed.
    await third.getByLabel('Your name').fill('Someone else');
    await third.getByRole('button', { name: 'Join room' }).click();
    await expect.poll(() => third.getByText('The host removed you from this room.').isVisible()).toBe(true);
    expect(await third.getByLabel('Message', { exact: true }).count()).toBe(0);
    await third.context().close();
  });
});

/** Waits until the page shows a fenced code block with exactly this text. */
async function expectCode(page: Page, code: string): Promise<void> {
  await expect.poll(() => page.locator('[role=log] pre > code').allTextContents()).toContain(code);
}

describe('text is kept as typed, with light Markdown', () => {
  it('shows markup exactly as typed, renders **bold**, code and mentions, and makes no script link', async () => {
    const typed = ['<a href="javascript:x">click me</a>', '<img src=x>', 'Tom &amp; Jerry <3'];
    for (const text of typed) await send(guest, text);
    await send(guest, '@Amira **bold** and *soft* and `a<b>c`');
    await send(guest, '[press](javascript:alert(1)) and [docs](https://example.com/docs)');
    await send(guest, '```\nconst x = "<b>";\n```');
    await expectCode(host, 'const x = "<b>";\n');
    for (const page of [host, guest]) {
      const texts = await messageTexts(page);
      for (const text of typed) expect(texts).toContain(text);
      const log = page.locator('[role=log]');
      expect(await log.locator('strong').allTextContents()).toContain('bold');
      expect(await log.locator('em').allTextContents()).toContain('soft');
      expect(await log.locator('p > code').allTextContents()).toContain('a<b>c');
      expect(await log.locator('pre > code').allTextContents()).toContain('const x = "<b>";\n');
      expect(await log.locator('[data-mention]').allTextContents()).toContain('@Amira');
      expect(await log.locator('img, b, script').count()).toBe(0);
      expect(await log.locator('a[href^="javascript" i]').count()).toBe(0);
      expect(await log.getByText('[press](javascript:alert(1))').count()).toBe(1);
      const docs = log.locator('a', { hasText: 'docs' });
      expect(await docs.getAttribute('href')).toBe('https://example.com/docs');
      expect(await docs.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });
});

/** How far the page and the message history can scroll sideways (0 when nothing overflows). */
function sidewaysOverflow(page: Page): Promise<{ page: number; history: number; bubble: number }> {
  return page.evaluate(() => {
    const history = document.querySelector<HTMLElement>('[role=region][aria-label="Message history"]')!;
    const bubbles = Array.from(document.querySelectorAll<HTMLElement>('[role=log] [data-message-text]'));
    const right = Math.max(...bubbles.map((b) => b.getBoundingClientRect().right));
    const left = Math.min(...bubbles.map((b) => b.getBoundingClientRect().left));
    return {
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      history: history.scrollWidth - history.clientWidth,
      bubble: Math.max(0, right - window.innerWidth, -left),
    };
  });
}

describe('long unbroken words', () => {
  it('wrap inside the bubble on a phone and on a desktop', async () => {
    const word = 'W'.repeat(1500);
    await send(host, word);
    await send(guest, `https://example.com/${'x'.repeat(600)}`);
    await send(guest, `\`${'c'.repeat(400)}\``);
    await send(guest, `\`\`\`\n${'p'.repeat(400)}\n\`\`\``);
    await expectMessage(guest, word);
    await expectCode(host, `${'p'.repeat(400)}\n`);
    for (const page of [host, guest]) {
      expect(await sidewaysOverflow(page)).toEqual({ page: 0, history: 0, bubble: 0 });
    }
  });
});

describe('a refused origin', () => {
  it('is explained on the page instead of an endless "Reconnecting…"', async () => {
    // The stack allows only http://127.0.0.1:<port>; the same edge under another name is a refused origin.
    const elsewhere = invite.replace('//127.0.0.1:', '//localhost:');
    const page = await openPerson(world.browser, DESKTOP);
    await page.goto(elsewhere);
    await page.getByLabel('Your name').fill('Dalia');
    await page.getByRole('button', { name: 'Join room' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'This address cannot open the live connection' }).isVisible()).toBe(true);
    expect(await page.getByText(`pages opened at ${new URL(elsewhere).origin}`).isVisible()).toBe(true);
    expect(await page.getByText('Reconnecting').count()).toBe(0);
    await axeCheck(page, 'refused origin, desktop light');
    await page.context().close();
  });
});

describe('the composer', () => {
  it('has the focus on arrival, and keeps working through a drop: messages wait as "Sending…" and go out once', async () => {
    const page = await openPerson(world.browser, DESKTOP);
    // Every socket of this page passes through here, so the test can cut the line and hold it down.
    let down = false;
    const routes: WebSocketRoute[] = [];
    const sentTexts: string[] = [];
    await page.routeWebSocket(/\/ws(\?|$)/, (ws) => {
      if (down) return ws.close({ code: 1011, reason: 'down' });
      const server = ws.connectToServer();
      routes.push(ws);
      ws.onMessage((data) => {
        const frame = JSON.parse(String(data)) as { type: string; text?: string };
        if (frame.type === 'send_message') sentTexts.push(frame.text!);
        server.send(data);
      });
    });
    await joinByLink(page, invite, 'Layla');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('placeholder'))).toBe('Write a message…');

    down = true;
    for (const ws of routes.splice(0)) await ws.close({ code: 1011, reason: 'cut' });
    await page.getByText('Connection lost. Reconnecting…').waitFor();
    await axeCheck(page, 'room offline, desktop light');
    const box = page.getByLabel('Message', { exact: true });
    expect(await box.isEnabled()).toBe(true);
    await page.keyboard.type('written while offline 1');
    await page.keyboard.press('Enter');
    await send(page, 'written while offline 2');
    await expect.poll(() => page.locator('[role=log] li[data-kind=pending]').count()).toBe(2);
    expect(await page.locator('[role=log] li[data-kind=pending]').getByText('Sending…').count()).toBe(2);
    await axeCheck(page, 'room with messages waiting, desktop light');
    expect(sentTexts).toEqual([]);

    down = false;
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expectMessage(host, 'written while offline 2');
    await expectMessage(page, 'written while offline 2');
    await expect.poll(() => page.locator('[role=log] li[data-kind=pending]').count()).toBe(0);
    const texts = await messageTexts(host);
    expect(texts.filter((t) => t.startsWith('written while offline'))).toEqual(['written while offline 1', 'written while offline 2']);
    expect(sentTexts).toEqual(['written while offline 1', 'written while offline 2']);
    await page.context().close();
  });
});

describe('a link that leads to no room says why', () => {
  it('tells a mistyped link, an unknown room and an ended room apart', async () => {
    const page = await openPerson(world.browser, PHONE);
    const heading = (name: string) => page.getByRole('heading', { name });
    await page.goto(invite.slice(0, -1));
    await expect.poll(() => heading('This link is not complete').isVisible()).toBe(true);
    await axeCheck(page, 'mistyped link, phone dark');
    await page.goto(`${invite}.`);
    await expect.poll(() => heading('This link is not complete').isVisible()).toBe(true);
    await page.goto(`${world.stack.origin}/r/${'Q'.repeat(22)}`);
    await expect.poll(() => heading('No room at this link').isVisible()).toBe(true);

    // A room of its own, ended by its host over the API: its link says so, not "unknown".
    const api = (path: string, body?: unknown, token?: string) =>
      fetch(`${world.stack.origin}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body ?? {}),
      }).then((r) => r.json() as Promise<{ roomId: string; token: string }>);
    const created = await api('/api/create-room', { name: 'Short one', maxParticipants: 2, duration: 15, hostName: 'Hana' });
    await api(`/api/rooms/${created.roomId}/end`, {}, created.token);
    await page.goto(`${world.stack.origin}/r/${created.roomId}`);
    await expect.poll(() => heading('The host ended this room').isVisible()).toBe(true);
    await axeCheck(page, 'ended link, phone dark');
    await page.context().close();
  });
});

describe('more time', () => {
  it('the host adds 15 minutes: the room ends later for everyone, and both countdowns move', async () => {
    const roomId = invite.split('/r/')[1]!;
    const endsAt = async () => ((await (await fetch(`${world.stack.origin}/api/rooms/${roomId}`)).json()) as { expiresAt: number }).expiresAt;
    const minutesLeft = async (page: Page) => Number((await page.getByRole('timer').first().innerText()).split(':')[0]);
    const before = await endsAt();
    const guestBefore = await minutesLeft(guest);
    await host.getByRole('button', { name: 'Add 15 min' }).click();
    await expect.poll(endsAt).toBe(before + 15 * 60_000);
    await expect.poll(() => guest.getByText(/The host added time: the room now closes at/).isVisible()).toBe(true);
    await expect.poll(() => minutesLeft(guest)).toBeGreaterThanOrEqual(guestBefore + 14);
    await expect.poll(() => minutesLeft(host)).toBeGreaterThanOrEqual(guestBefore + 14);
  });
});

describe('host handoff', () => {
  it('the host makes the guest host: both screens show it, and the controls move with it', async () => {
    const people = host.getByRole('complementary', { name: 'People in this room' });
    await people.getByText('Bashir').hover();
    await host.getByRole('button', { name: 'Make host: Bashir' }).click();
    await expect.poll(() => guest.getByText('You are now the host').isVisible()).toBe(true);
    await expect.poll(() => host.getByText('Bashir is now the host').isVisible()).toBe(true);
    await expect.poll(() => host.getByRole('button', { name: 'End room' }).count()).toBe(0);
    await guest.getByRole('button', { name: /People and room options/ }).click();
    const drawer = guest.getByRole('dialog', { name: 'Room' });
    await expect.poll(() => drawer.getByRole('button', { name: 'Lock room' }).isVisible()).toBe(true);
    await drawer.getByRole('button', { name: 'Make host: Amira' }).click();
    await guest.keyboard.press('Escape');
    await expect.poll(() => host.getByText('You are now the host').isVisible()).toBe(true);
    await expect.poll(() => host.getByRole('button', { name: 'End room' }).isVisible()).toBe(true);
  });
});

describe('accessibility', () => {
  it('has no serious or critical axe findings on any screen, in light and dark', async () => {
    await axeCheck(host, 'room, host, desktop light');
    await axeCheck(guest, 'room, guest, phone dark');
    await guest.getByRole('button', { name: /People and room options/ }).click();
    await axeCheck(guest, 'people drawer, phone dark');
    await guest.keyboard.press('Escape');
    await host.getByRole('button', { name: 'End room' }).click();
    await axeCheck(host, 'confirm dialog, desktop light');
    await host.keyboard.press('Escape');

    for (const options of [DESKTOP, PHONE]) {
      const theme = options === DESKTOP ? 'light' : 'dark';
      const page = await openPerson(world.browser, options);
      await page.goto(world.stack.origin);
      await axeCheck(page, `home, ${theme}`);
      await page.goto(invite);
      await page.getByLabel('Your name').waitFor();
      await axeCheck(page, `invite, ${theme}`);
      await page.goto(`${world.stack.origin}/r/${'Q'.repeat(22)}`);
      await page.getByRole('heading', { name: 'No room at this link' }).waitFor();
      await axeCheck(page, `unknown link, ${theme}`);
      await page.goto(`${world.stack.origin}/nowhere`);
      await axeCheck(page, `not found, ${theme}`);
      await joinByLink(page, invite, `Visitor ${theme}`);
      if (options === PHONE) await page.getByRole('button', { name: /People and room options/ }).click();
      await page.getByRole('button', { name: 'Leave', exact: true }).click();
      await page.getByRole('heading', { name: 'You left the room' }).waitFor();
      await axeCheck(page, `left the room, ${theme}`);
      await page.context().close();
    }
    expect(a11y.findings).toEqual({});
  });
});
