// What the voice scenario does with a page: the app's own UI for people, getStats() for the audio, and a raw
// Janus client for the access checks. Plain JS (the scenario runs under plain Node inside the namespace).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath } from '../support/chromium-flags.mjs';

const artifacts = fileURLToPath(new URL('../../../../test-artifacts/web/', import.meta.url));

/** Chromium with the flags of ../shared/notes/janus.md and a WAV file as every page's microphone (plus `extraArgs`). */
export function launchVoiceBrowser(wavPath, extraArgs = []) {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      ...CHROMIUM_FLAGS,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
      `--use-file-for-fake-audio-capture=${wavPath}`,
      ...extraArgs,
    ],
  });
}

/**
 * Every RTCPeerConnection a page makes is kept on window.__pcs, so the test can read its getStats(); the room's
 * sockets (/ws) are kept on window.__roomSockets, and while window.__blockRoomSocket is true new ones fail
 * (as in a tunnel), so the test can drop a connection and hold it down.
 */
function instrumentPage() {
  const NativePc = window.RTCPeerConnection;
  const pcs = [];
  Object.defineProperty(window, '__pcs', { value: pcs });
  window.RTCPeerConnection = class extends NativePc {
    constructor(...args) {
      super(...args);
      pcs.push(this);
    }
  };
  const NativeWs = window.WebSocket;
  const sockets = [];
  Object.defineProperty(window, '__roomSockets', { value: sockets });
  window.__blockRoomSocket = false;
  window.WebSocket = class extends NativeWs {
    constructor(url, protocols) {
      // The room's socket is /ws?room=<id> (the edge routes each room to one replica by that hint).
      const target = new URL(String(url), location.href);
      const room = target.pathname === '/ws';
      if (room && window.__blockRoomSocket) target.pathname = '/ws-blocked';
      super(room ? target.href : url, protocols);
      if (room) sockets.push(this);
    }
  };
}

/** Closes the page's room socket (4000: reconnect) and keeps new ones failing until restoreRoomSocket. */
export const dropRoomSocket = (page) =>
  page.evaluate(() => {
    window.__blockRoomSocket = true;
    for (const ws of window.__roomSockets) if (ws.readyState <= 1) ws.close(4000, 'test drop');
  });

export const restoreRoomSocket = (page) => page.evaluate(() => (window.__blockRoomSocket = false));

/** Anything the edge's Content-Security-Policy blocked on any page of the run. */
export const cspBlocked = [];

export async function openPerson(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  await context.addInitScript(instrumentPage);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) cspBlocked.push(m.text());
  });
  return page;
}

export async function snap(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: `${artifacts}${name}.png`, animations: 'disabled' });
}

const waitLive = (page) => page.getByPlaceholder('Write a message…', { exact: true }).and(page.locator(':enabled')).waitFor();

export async function createRoom(page, origin, { name, room, capacity }) {
  await page.goto(origin);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Room name').fill(room);
  if (capacity) {
    await page.getByLabel('Up to').focus();
    await page.keyboard.press('Home');
    for (let n = 2; n < capacity; n++) await page.keyboard.press('ArrowRight');
  }
  await page.getByText('30 min', { exact: true }).click();
  await page.getByRole('button', { name: 'Create room' }).click();
  await page.waitForURL(/\/r\/[A-Za-z0-9_-]{22}$/);
  await waitLive(page);
  return page.url();
}

export async function joinByLink(page, link, name) {
  await page.goto(link);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join room' }).click();
  await waitLive(page);
}

/** The page's room session as stored for reloads: { roomId, token }. */
export function roomSession(page) {
  return page.evaluate(() => {
    const roomId = location.pathname.split('/').pop();
    return { roomId, token: localStorage.getItem(`mugharred:room:${roomId}`) };
  });
}

/** Audio totals over the page's live peer connections. */
export function audioStats(page) {
  return page.evaluate(async () => {
    const total = { inPackets: 0, inBytes: 0, outBytes: 0 };
    for (const pc of window.__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((r) => {
        if (r.kind !== 'audio') return;
        if (r.type === 'inbound-rtp') {
          total.inPackets += r.packetsReceived ?? 0;
          total.inBytes += r.bytesReceived ?? 0;
        }
        if (r.type === 'outbound-rtp') total.outBytes += r.bytesSent ?? 0;
      });
    }
    return total;
  });
}

/** Clicks Join voice and resolves with the ms until the page's first inbound audio packet. */
export async function joinVoice(page, timeoutMs = 20_000) {
  const started = Date.now();
  await page.getByRole('button', { name: 'Join voice' }).click();
  while (Date.now() - started < timeoutMs) {
    if ((await audioStats(page)).inPackets > 0) return Date.now() - started;
    await page.waitForTimeout(20);
  }
  throw new Error(`no inbound audio ${timeoutMs} ms after Join voice: ${await voiceStatusText(page)}`);
}

export const voiceStatusText = (page) => page.getByRole('region', { name: 'Voice' }).innerText().catch(() => '');

/** A participant row in the page's people panel, by name. */
export const personRow = (page, name) => page.getByRole('complementary', { name: 'People in this room' }).locator('li').filter({ hasText: name });

/** Waits until the row shows the attribute value (data-voice / data-speaking); false on timeout. */
export async function rowShows(page, name, attr, value, timeoutMs = 15_000) {
  try {
    await page.getByRole('complementary', { name: 'People in this room' }).locator(`li[${attr}="${value}"]`).filter({ hasText: name }).waitFor({ timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}

/**
 * Janus through the edge with a raw client in the page: session with `token`, AudioBridge attach, then a join of
 * `room` as `id`. Returns where it stopped and Janus's reply (an error code, or audiobridge 'joined').
 */
export function rawJanusJoin(page, { token, room, id }) {
  return page.evaluate(
    async ({ token, room, id }) => {
      const ws = new WebSocket(`ws://${location.host}/janus`, 'janus-protocol');
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = () => reject(new Error('no Janus WebSocket'));
      });
      const waiting = new Map();
      ws.onmessage = (e) => {
        const m = JSON.parse(e.data);
        if (m.janus === 'ack') return;
        waiting.get(m.transaction)?.(m);
        waiting.delete(m.transaction);
      };
      const request = (body) =>
        new Promise((resolve) => {
          const transaction = Math.random().toString(36).slice(2);
          waiting.set(transaction, resolve);
          ws.send(JSON.stringify({ ...body, transaction, token }));
          setTimeout(() => resolve({ janus: 'timeout' }), 5000);
        });
      try {
        const session = await request({ janus: 'create' });
        if (session.janus !== 'success') return { stage: 'session', error: session.error ?? session.janus };
        const attached = await request({ janus: 'attach', session_id: session.data.id, plugin: 'janus.plugin.audiobridge' });
        if (attached.janus !== 'success') return { stage: 'attach', error: attached.error ?? attached.janus };
        const joined = await request({ janus: 'message', session_id: session.data.id, handle_id: attached.data.id, body: { request: 'join', room, id, token } });
        const data = joined.plugindata?.data ?? {};
        if (data.audiobridge === 'joined') return { stage: 'joined' };
        return { stage: 'join', error: data.error_code ? { code: data.error_code, reason: data.error } : (joined.error ?? joined.janus) };
      } finally {
        ws.close();
      }
    },
    { token, room, id },
  );
}

/**
 * A lighter driver for a crowd: `count` more members of the room, all in one page, each with its own room
 * token, voice grant, Janus session and RTCPeerConnection sending the fake microphone (what a browser tab
 * does, without an app tab per person). Resolves once every member's offer is answered.
 */
export function joinCrowd(page, { roomId, count }) {
  return page.evaluate(
    async ({ roomId, count }) => {
      const post = async (path, body, token) => {
        const headers = { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) };
        const res = await fetch(path, { method: 'POST', headers, body: body ? JSON.stringify(body) : undefined });
        if (!res.ok) throw new Error(`${path} answered ${res.status}`);
        return res.json();
      };
      const mic = (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks()[0];
      for (let i = 0; i < count; i++) {
        const { token: roomToken } = await post('/api/join-room', { roomId, participantName: `Crowd ${i + 1}` });
        const grant = await post(`/api/rooms/${roomId}/voice`, null, roomToken);
        const ws = new WebSocket(`ws://${location.host}${grant.janusPath}`, 'janus-protocol');
        await new Promise((resolve) => (ws.onopen = resolve));
        const waiting = new Map();
        ws.onmessage = (e) => {
          const m = JSON.parse(e.data);
          if (m.janus !== 'ack') waiting.get(m.transaction)?.(m);
        };
        const request = (body) =>
          new Promise((resolve) => {
            const transaction = Math.random().toString(36).slice(2);
            waiting.set(transaction, resolve);
            ws.send(JSON.stringify({ ...body, transaction, token: grant.token }));
          });
        const session_id = (await request({ janus: 'create' })).data.id;
        const handle_id = (await request({ janus: 'attach', session_id, plugin: 'janus.plugin.audiobridge' })).data.id;
        await request({ janus: 'message', session_id, handle_id, body: { request: 'join', room: grant.room, id: grant.participantId, token: grant.token } });
        setInterval(() => ws.send(JSON.stringify({ janus: 'keepalive', session_id, transaction: 'ka', token: grant.token })), 20_000);
        const pc = new RTCPeerConnection({ iceServers: [] });
        pc.addTransceiver(mic.clone(), { direction: 'sendrecv' });
        await pc.setLocalDescription(await pc.createOffer());
        // No trickle: the offer goes once every candidate is in it.
        await new Promise((resolve) => {
          if (pc.iceGatheringState === 'complete') return resolve();
          pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
          setTimeout(resolve, 3000);
        });
        const answer = await request({ janus: 'message', session_id, handle_id, body: { request: 'configure', muted: false }, jsep: { type: 'offer', sdp: pc.localDescription.sdp } });
        await pc.setRemoteDescription(answer.jsep);
      }
    },
    { roomId, count },
  );
}

/** Inbound audio packets of each live peer connection in the page. */
export function inboundPerConnection(page) {
  return page.evaluate(async () => {
    const counts = [];
    for (const pc of window.__pcs) {
      let packets = 0;
      (await pc.getStats()).forEach((r) => {
        if (r.type === 'inbound-rtp' && r.kind === 'audio') packets += r.packetsReceived ?? 0;
      });
      counts.push(packets);
    }
    return counts;
  });
}
