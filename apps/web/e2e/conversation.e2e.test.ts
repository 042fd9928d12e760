import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page, WebSocketRoute } from 'playwright-core';
import { DESKTOP, openPerson, snap } from './support/browser.js';
import { createRoom, expectMessage, joinByLink, send, waitLive } from './support/people.js';
import { useWorld } from './support/setup.js';

const world = useWorld();

const row = (page: Page, text: string) => page.locator('[role=log] li[data-kind=message]', { hasText: text });

/** Uses a message's toolbar (it shows on hover), as a person with a mouse does. */
async function act(page: Page, text: string, button: string): Promise<void> {
  await row(page, text).hover();
  await row(page, text).getByRole('button', { name: button }).click();
}

async function editMessage(page: Page, text: string, edited: string): Promise<void> {
  await act(page, text, 'Edit');
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(edited);
  await box.press('Enter');
}

async function deleteMessage(page: Page, text: string): Promise<void> {
  await act(page, text, 'Delete');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
}

/** What anyone reads of each message, the same from every seat: text or marker, quote, "edited", reactions. */
const conversation = (page: Page) =>
  page.locator('[role=log] li[data-kind=message]').evaluateAll((items) =>
    items.map((li) => {
      const text = li.querySelector('[data-message-text]')?.textContent ?? (li.hasAttribute('data-deleted') ? 'Message deleted' : '?');
      const quote = li.querySelector('[data-reply-to]')?.textContent;
      const edited = Array.from(li.querySelectorAll('span')).some((s) => s.textContent === 'edited');
      const reactions = Array.from(li.querySelectorAll('button[data-emoji]')).map((b) => b.textContent);
      return [li.getAttribute('data-seq'), text, quote ? `re ${quote}` : '', edited ? 'edited' : '', ...reactions].join(' | ');
    }),
  );

/** Pretends the tab went to the background (or came back): what a browser tells the page when the tab is switched. */
const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);

/**
 * Lets the page's WebSocket through to the real edge, and can cut it: `cut()` closes it (a 4000 close: reconnect)
 * and holds the next attempts (answered by nobody) until `release()`. Records the join frames the page sends and
 * the joined replies it gets.
 */
async function interceptSocket(page: Page) {
  let holding = false;
  let live: { page: WebSocketRoute; server: WebSocketRoute } | null = null;
  const held: WebSocketRoute[] = [];
  const joins: { since?: { seq: number } }[] = [];
  const joined: { recovered: boolean; changes: unknown[] }[] = [];
  await page.routeWebSocket(/\/ws(\?|$)/, (ws) => {
    if (holding) {
      held.push(ws);
      return;
    }
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      const frame = JSON.parse(String(m)) as { type: string; since?: { seq: number } };
      if (frame.type === 'join_room') joins.push(frame);
      server.send(m);
    });
    server.onMessage((m) => {
      const frame = JSON.parse(String(m)) as { event?: string; recovered: boolean; changes: unknown[] };
      if (frame.event === 'joined') joined.push(frame);
      ws.send(m);
    });
    live = { page: ws, server };
  });
  return {
    joins,
    joined,
    cut: async () => {
      if (!live) throw new Error('nothing to cut: the route never saw the page open its socket');
      holding = true;
      await live.server.close();
      await live.page.close({ code: 4000, reason: 'test cut' });
    },
    release: async () => {
      holding = false;
      for (const ws of held.splice(0)) await ws.close({ code: 4000, reason: 'test release' });
    },
  };
}

describe('a conversation people would choose', () => {
  it('typing, mentions, replies, reactions, edits and deletes, live across replicas and after a reconnect with since', async () => {
    const amira = await openPerson(world.browser, DESKTOP);
    const bashir = await openPerson(world.browser, DESKTOP);
    const socket = await interceptSocket(bashir);
    // Bashir's page connects without the room hint (as a client that predates it), so the edge spreads his socket
    // instead of routing it to the room's replica and the loop below can put the two on different replicas.
    // Added after the route, so the route sees the URL without the hint.
    await bashir.addInitScript(() => {
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(String(url).replace(/\?room=[^&]*$/, ''), protocols);
        }
      };
    });
    const invite = await createRoom(amira, world.stack.origin, { name: 'Amira', room: 'Souk plans' });
    await joinByLink(bashir, invite, 'Bashir');
    // One socket on each replica, so every event below crosses replicas through Redis.
    for (let i = 0; (await world.stack.connections()).join() !== '1,1'; i++) {
      if (i > 12) throw new Error(`connections stayed ${await world.stack.connections()}`);
      if (i % 3 === 2) {
        await bashir.reload();
        await waitLive(bashir);
      }
      await new Promise((r) => setTimeout(r, 200));
    }

    // Typing: seen on the other replica, gone a few seconds after the last keystroke.
    await bashir.getByLabel('Message', { exact: true }).fill('Hel');
    const typing = amira.getByText('Bashir is typing…');
    await typing.waitFor();
    const shownAt = Date.now();
    await typing.waitFor({ state: 'detached', timeout: 12_000 });
    expect(Date.now() - shownAt).toBeGreaterThan(2500);
    await bashir.getByLabel('Message', { exact: true }).fill('');

    // A mention picked from the participants; highlighted for Bashir, counted in his title while his tab is hidden.
    await setHidden(bashir, true);
    const box = amira.getByLabel('Message', { exact: true });
    await box.fill('Shall we meet, @Ba');
    await amira.getByRole('option', { name: '@Bashir' }).waitFor();
    await box.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('Shall we meet, @Bashir ');
    await box.pressSequentially('at noon?');
    await box.press('Enter');
    await send(amira, 'Bring the map');
    await expect.poll(() => bashir.title()).toBe('(2) Souk plans · Mugharred');
    expect(await row(bashir, 'Shall we meet').getAttribute('data-mentioned')).toBe('true');
    expect(await row(bashir, 'Bring the map').getAttribute('data-mentioned')).toBeNull();
    expect(await row(amira, 'Shall we meet').getAttribute('data-mentioned')).toBeNull();
    await setHidden(bashir, false);
    await expect.poll(() => bashir.title()).toBe('Souk plans · Mugharred');
    await bashir.locator('[data-kind=unread]').waitFor();
    await snap(bashir, 'conversation-mention-unread');

    // A reply with a quote of the original, and a jump back to it.
    await act(bashir, 'Shall we meet', 'Reply');
    await send(bashir, 'Noon works');
    await expectMessage(amira, 'Noon works');
    const quote = row(amira, 'Noon works').locator('[data-reply-to]');
    expect(await quote.innerText()).toContain('Amira');
    await quote.click();
    await expect
      .poll(() => amira.evaluate(() => document.activeElement?.textContent ?? ''))
      .toContain('Shall we meet');

    // Reactions: counts, who reacted, toggling one's own.
    await act(amira, 'Noon works', 'Add a reaction');
    await row(amira, 'Noon works').getByRole('button', { name: 'React with 👍' }).click();
    const chip = row(bashir, 'Noon works').locator('button[data-emoji="👍"]');
    await expect.poll(() => chip.getAttribute('aria-label')).toBe('👍 1: Amira');
    await chip.click();
    await expect.poll(() => row(amira, 'Noon works').locator('button[data-emoji="👍"]').getAttribute('aria-label')).toBe('👍 2: you, Bashir');
    await chip.hover();
    await bashir.getByRole('tooltip').getByText('Amira, you').waitFor();

    // Edit own, delete own, and the host deletes anyone's.
    await send(bashir, 'I will fetch teh camel');
    await send(bashir, 'oops, wrong room');
    await expectMessage(amira, 'oops, wrong room');
    await editMessage(bashir, 'teh camel', 'I will fetch the camel');
    await expect.poll(() => row(amira, 'fetch the camel').innerText()).toContain('edited');
    await deleteMessage(amira, 'oops, wrong room');
    await expect.poll(() => bashir.locator('li[data-deleted]').count()).toBe(1);
    await expect.poll(async () => (await conversation(bashir)).join('\n')).not.toContain('oops');
    await snap(bashir, 'conversation-live');

    // Bashir loses his connection; while he is away the others keep changing the conversation.
    await socket.cut();
    await bashir.getByText('Connection lost. Reconnecting…').waitFor();
    await row(amira, 'Noon works').locator('button[data-emoji="👍"]').click();
    await editMessage(amira, 'Bring the map', 'Bring the big map');
    await expect.poll(() => row(amira, 'Bring the big map').innerText()).toContain('edited');
    await deleteMessage(amira, 'fetch the camel');
    await expect.poll(() => amira.locator('li[data-deleted]').count()).toBe(2);
    await socket.release();

    await expect.poll(async () => (await conversation(bashir)).join('\n')).toBe((await conversation(amira)).join('\n'));
    expect(socket.joins.at(-1)?.since?.seq).toBeGreaterThan(0);
    expect(socket.joined.at(-1)).toMatchObject({ recovered: true });
    expect(socket.joined.at(-1)!.changes.length).toBe(3);
    const seen = await conversation(bashir);
    expect(seen.filter((t) => t.includes('Message deleted'))).toHaveLength(2);
    expect(seen.join('\n')).toContain('Bring the big map');
    await snap(bashir, 'conversation-after-reconnect');

    // A copy to take home, made in the browser from what the tab shows.
    const [download] = await Promise.all([
      bashir.waitForEvent('download'),
      bashir.getByRole('button', { name: 'Download the conversation as Markdown' }).first().click(),
    ]);
    expect(download.suggestedFilename()).toBe('Souk-plans.md');
    const markdown = readFileSync((await download.path())!, 'utf8');
    expect(markdown).toContain('# Souk plans (Mugharred)');
    expect(markdown).toContain('Bring the big map');
    expect(markdown).toContain('> re Amira: "Shall we meet, @Bashir at noon?"');
    expect(markdown).toContain('_message deleted_');
    expect(markdown).not.toContain('wrong room');
  });
});
