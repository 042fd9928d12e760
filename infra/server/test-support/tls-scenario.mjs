#!/usr/bin/env node
// The production edge in a real browser, run by tls-edge.e2e.test.ts (inside the voice network namespace with
// `--voice`, so Janus has an address to offer media on): the app under its host name over HTTPS from a private
// CA, the microphone, chat over wss, voice, and `npm run check` against the same edge. Prints `RESULT {json}`.
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeToneWav } from '../../../apps/web/e2e/voice/tone-wav.mjs';
import { MEDIA_IP } from '../../../apps/web/e2e/voice/voice-stack.mjs';
import { audioStats, createRoom, cspBlocked, joinByLink, joinVoice, launchVoiceBrowser, openPerson } from '../../../apps/web/e2e/voice/voice-pages.mjs';
import { edgeClient } from '../lib/edge-client.mjs';
import { startTlsStack } from './tls-stack.mjs';

const withVoice = process.argv.includes('--voice');
const checkScript = fileURLToPath(new URL('../check.mjs', import.meta.url));

/** `npm run check` against the stack, as a person runs it; `trustCa: false` leaves the private CA out. */
function runCheck(stack, { trustCa = true } = {}) {
  const args = [checkScript, stack.origin, '--resolve', '127.0.0.1', '--http-url', stack.httpUrl, ...(trustCa ? ['--ca', stack.ca.caFile] : [])];
  for (const s of stack.backend.services) args.push('--service', `${s.name}=${s.url}`);
  const res = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000 });
  return { status: res.status, lines: res.stdout.trim().split('\n') };
}

async function sendAndSee(from, to, text) {
  const box = from.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
  await to.locator('[role=log] li[data-kind=message] [data-message-text]').filter({ hasText: text }).first().waitFor({ timeout: 15_000 });
  return true;
}

/** The candidate types of the page's selected ICE pairs (host, srflx, relay) and its inbound audio packets. */
const mediaPath = (page) =>
  page.evaluate(async () => {
    const path = { localTypes: [], inPackets: 0 };
    for (const pc of window.__pcs) {
      const stats = await pc.getStats();
      stats.forEach((r) => {
        if (r.type === 'transport' && r.selectedCandidatePairId) {
          const pair = stats.get(r.selectedCandidatePairId);
          path.localTypes.push(stats.get(pair.localCandidateId)?.candidateType);
        }
        if (r.type === 'inbound-rtp' && r.kind === 'audio') path.inPackets += r.packetsReceived ?? 0;
      });
    }
    return path;
  });

/**
 * A third person whose browser may only use TURN relays (as on a network that blocks UDP to Janus): their voice
 * goes through coturn with the credentials their voice pass carried.
 */
async function relayOnlyVoice(browser, invite) {
  const chadi = await openPerson(browser);
  await chadi.context().addInitScript(() => {
    const Pc = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Pc {
      constructor(config = {}, ...rest) {
        super({ ...config, iceTransportPolicy: 'relay' }, ...rest);
      }
    };
  });
  await joinByLink(chadi, invite, 'Chadi');
  const joinMs = await joinVoice(chadi);
  const first = await mediaPath(chadi);
  await chadi.waitForTimeout(1000);
  return { joinMs, first, second: await mediaPath(chadi) };
}

async function browserJourney(stack) {
  const result = {};
  const wav = writeToneWav(join(tmpdir(), `mugharred-tls-tone-${process.pid}.wav`));
  const browser = await launchVoiceBrowser(wav, [`--host-resolver-rules=MAP ${stack.hostName} 127.0.0.1`, `--ignore-certificate-errors-spki-list=${stack.ca.spkiHash}`]);
  try {
    const amira = await openPerson(browser);
    const sockets = [];
    amira.on('websocket', (ws) => sockets.push(ws.url()));
    await amira.goto(`${stack.httpUrl}/`);
    result.landedOn = amira.url();
    result.page = await amira.evaluate(() => ({ isSecureContext: window.isSecureContext, protocol: location.protocol, host: location.host }));
    result.microphone = await amira.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const [track] = stream.getAudioTracks();
      const seen = { kind: track.kind, readyState: track.readyState };
      track.stop();
      return seen;
    });
    const invite = await createRoom(amira, stack.origin, { name: 'Amira', room: 'Over TLS' });
    const bashir = await openPerson(browser);
    await joinByLink(bashir, invite, 'Bashir');
    result.chat = { bashirSawAmira: await sendAndSee(amira, bashir, 'Hello over wss'), amiraSawBashir: await sendAndSee(bashir, amira, 'Loud and clear') };
    result.roomSockets = sockets.filter((u) => new URL(u).pathname === '/ws');
    if (withVoice) {
      const joinMs = { amira: await joinVoice(amira), bashir: await joinVoice(bashir) };
      const first = { amira: await audioStats(amira), bashir: await audioStats(bashir) };
      await amira.waitForTimeout(1500);
      result.voice = { joinMs, first, second: { amira: await audioStats(amira), bashir: await audioStats(bashir) } };
      result.relayOnly = await relayOnlyVoice(browser, invite);
    }
    result.janusSockets = sockets.filter((u) => new URL(u).pathname === '/janus');
    result.cspBlocked = cspBlocked;
  } finally {
    await browser.close();
  }
  return result;
}

/** ACME's HTTP-01 challenge as Let's Encrypt fetches it: plain HTTP, the file certbot put in the webroot. */
async function acmeChallenge(stack) {
  await writeFile(join(stack.acmeDir, '.well-known/acme-challenge/check-token'), 'check-token.key-authorization');
  const client = edgeClient({ origin: stack.origin, resolveTo: '127.0.0.1' });
  const res = await client.fetchText(`${stack.httpUrl}/.well-known/acme-challenge/check-token`);
  return { status: res.status, text: res.text };
}

let stack;
let result;
try {
  stack = await startTlsStack(withVoice ? { mediaIp: MEDIA_IP } : {});
  result = { origin: stack.origin, httpUrl: stack.httpUrl, voiceServer: stack.voice };
  result.check = runCheck(stack);
  result.untrustedCheck = runCheck(stack, { trustCa: false });
  result.acme = await acmeChallenge(stack);
  result.browser = await browserJourney(stack);
} catch (err) {
  result = { ...result, error: err instanceof Error ? err.stack : String(err) };
} finally {
  await stack?.stop();
}
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
