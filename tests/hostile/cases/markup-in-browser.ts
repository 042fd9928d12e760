import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestSocket } from '../../../packages/testing/src/index.js';
import { DESKTOP, launchBrowser, openPerson } from '../../../apps/web/e2e/support/browser.js';
import { joinByLink } from '../../../apps/web/e2e/support/people.js';
import { expectStillServing, makeRoom, member, post, wsUrlOf, type HostileRoom } from '../support/room.js';
import type { HostileStack } from '../support/stack.js';

type Browser = Awaited<ReturnType<typeof launchBrowser>>;
type Page = Awaited<ReturnType<typeof openPerson>>;

/**
 * Markup and mutation-XSS strings: each is live markup for a browser that parses it as HTML, at once or after one
 * serialise-and-parse round trip (the mutation a sanitiser that re-serialises its result can suffer).
 */
const MESSAGES = [
  '<select><img src=x onerror=alert(1)>',
  '<body onload=alert(1)>',
  '<frameset onload=alert(1)>',
  '<svg><style><img src=x onerror=alert(1)></style></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
  '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>',
  '<a href="javascript:alert(1)">click me</a>',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
];
/** Display names (at most 32 characters) and room names (at most 64) from the same corpus. */
const NAMES = ['<img src=x onerror=alert(1)>', '<body onload=alert(1)>', '<svg onload=alert(1)>', '"><img src=x onerror=alert(1)>'];
const ROOM_NAME = '<select><img src=x onerror=alert(1)><frameset onload=alert(1)>';

/** Elements with an event-handler attribute, script or frame elements, and javascript: links, in the page's DOM. */
function activeMarkup(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('*')]
      .filter(
        (el) =>
          [...el.attributes].some((a) => a.name.startsWith('on') || /^\s*javascript:/i.test(a.value)) ||
          (['SCRIPT', 'IFRAME', 'FRAME', 'FRAMESET', 'OBJECT', 'EMBED'].includes(el.tagName) && el.closest('#root')),
      )
      .map((el) => el.outerHTML.slice(0, 80)),
  );
}

/** Markup and mutation-XSS corpora shown in Chromium; cross-site socket hijacking. */
export function markupCases(stack: HostileStack): void {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => browser?.close());

  describe('markup and mutation-XSS corpora, shown in a real browser', () => {
    it('every string of the corpus is live markup when parsed as HTML (the corpus is hostile, not harmless)', async () => {
      const page = await openPerson(browser, DESKTOP);
      const corpus = [...MESSAGES, ...NAMES, ROOM_NAME];
      const live = await page.evaluate(
        (strings) =>
          strings.map((s) => {
            const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
            const active = (doc: Document) =>
              [...doc.querySelectorAll('*')].some(
                (el) => [...el.attributes].some((a) => a.name.startsWith('on') || /^\s*javascript:/i.test(a.value)) || el.tagName === 'IFRAME',
              );
            const once = parse(s);
            return active(once) || active(parse(once.body.innerHTML));
          }),
        corpus,
      );
      expect(corpus.filter((_, i) => !live[i])).toEqual([]);
      await page.context().close();
    });

    it('stores and shows messages, display names and the room name as text: no script runs, no handler reaches the DOM', async () => {
      const created = await post(stack, '/api/create-room', { name: ROOM_NAME, maxParticipants: 20, duration: 30, hostName: NAMES[0] });
      expect(created.status).toBe(200);
      expect((created.json.room as { name: string }).name).toBe(ROOM_NAME);
      const roomId = created.json.roomId as string;
      const host = await member(stack, roomId, created.json.token as string);

      const page = await openPerson(browser, DESKTOP);
      const dialogs: string[] = [];
      page.on('dialog', (d) => void d.dismiss().then(() => dialogs.push(d.message())));
      await joinByLink(page, `${stack.origin}/r/${roomId}`, 'Viewer');

      const speakers: TestSocket[] = [host];
      for (const name of NAMES.slice(1)) {
        const joined = await post(stack, '/api/join-room', { roomId, participantName: name });
        expect(joined.status, name).toBe(200);
        speakers.push(await member(stack, roomId, joined.json.token as string));
      }
      for (const [i, text] of MESSAGES.entries()) {
        const speaker = speakers[i % speakers.length]!;
        speaker.send({ type: 'send_message', roomId, text, clientMsgId: `x${i}` });
        await speaker.next((f) => (f.type === 'ack' || f.type === 'error') && f.clientMsgId === `x${i}`);
      }
      const deliveredToHost = () =>
        host.frames.filter((f) => f.type === 'room_event' && f.event === 'message').map((f) => (f.message as { text: string }).text);
      await expect.poll(() => deliveredToHost().length).toBe(MESSAGES.length);
      const delivered = deliveredToHost();
      // Text is kept as typed (the wire contract: `text` is untrusted plain text), so every string is stored verbatim.
      expect(delivered).toEqual(MESSAGES);

      const shown = () => page.locator('[role=log] li[data-kind=message] [data-message-text]').allTextContents();
      await expect.poll(async () => (await shown()).length).toBe(delivered.length);
      // The page shows each message exactly as the server delivered it, character for character.
      expect(await shown()).toEqual(delivered);
      for (const name of NAMES) expect(await page.getByText(name, { exact: true }).first().isVisible(), name).toBe(true);
      expect(await page.getByText(ROOM_NAME, { exact: true }).first().isVisible()).toBe(true);

      await page.waitForTimeout(500);
      expect(await activeMarkup(page)).toEqual([]);
      expect(dialogs).toEqual([]);
      await page.context().close();
      for (const s of speakers) s.close();
    });
  });

  describe('cross-site socket hijacking in a real browser', () => {
    it('refuses a socket opened by a page of another origin, even with a stolen room token', async () => {
      const room: HostileRoom = await makeRoom(stack);
      const page = await openPerson(browser, DESKTOP);
      await page.route('http://evil.example/', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>evil</title>' }));
      await page.goto('http://evil.example/');
      const opened = (url: string) =>
        page.evaluate(
          (u) =>
            new Promise<string>((resolve) => {
              const ws = new WebSocket(u);
              ws.onopen = () => {
                ws.close();
                resolve('open');
              };
              ws.onerror = () => resolve('refused');
            }),
          url,
        );
      expect(await opened(wsUrlOf(stack, room.hostToken))).toBe('refused');
      // The same socket from the app's own origin opens: the refusal above is the Origin check, not the token.
      await page.goto(stack.origin);
      expect(await opened(wsUrlOf(stack, room.hostToken))).toBe('open');
      await page.context().close();
      await expectStillServing(stack, room);
      room.close();
    });
  });
}
