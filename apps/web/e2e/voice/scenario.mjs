#!/usr/bin/env node
// The voice proof, run by voice.e2e.test.ts inside its own network namespace (netns.mjs): the real stack with
// Janus, headless Chromium with a tone as microphone, two people talking through the app's UI. Prints one line
// `RESULT {json}` for the test to assert on. `node scenario.mjs load 10` instead measures a 10-person room.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeToneWav } from './tone-wav.mjs';
import { startVoiceStack } from './voice-stack.mjs';
import {
  audioStats,
  createRoom,
  cspBlocked,
  joinByLink,
  dropRoomSocket,
  inboundPerConnection,
  joinCrowd,
  joinVoice,
  launchVoiceBrowser,
  openPerson,
  rawJanusJoin,
  restoreRoomSocket,
  roomSession,
  rowShows,
  snap,
  voiceStatusText,
} from './voice-pages.mjs';

const [mode = 'proof', people = '10'] = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const grantStatus = (page, roomId, token) =>
  page.evaluate(
    async ({ roomId, token }) => (await fetch(`/api/rooms/${roomId}/voice`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status,
    { roomId, token },
  );

/** The latest voice grant the page received, kept as it arrives. */
function keepGrant(page) {
  const kept = { grant: null };
  page.on('response', async (res) => {
    if (res.request().method() === 'POST' && /\/api\/rooms\/[^/]+\/voice$/.test(res.url()) && res.ok()) kept.grant = await res.json();
  });
  return kept;
}

async function proof(stack, browser) {
  const result = { joinToFirstPacketMs: {}, stats: {}, seesInVoice: {}, seesSpeaking: {} };
  const amira = await openPerson(browser);
  const bashir = await openPerson(browser);
  const bashirGrant = keepGrant(bashir);
  const invite = await createRoom(amira, stack.origin, { name: 'Amira', room: 'Voice check' });
  await joinByLink(bashir, invite, 'Bashir');
  await snap(amira, 'voice-before-join');

  result.joinToFirstPacketMs.amira = await joinVoice(amira);
  result.joinToFirstPacketMs.bashir = await joinVoice(bashir);
  result.seesInVoice.amira = await rowShows(amira, 'Bashir', 'data-voice', 'on');
  result.seesInVoice.bashir = await rowShows(bashir, 'Amira', 'data-voice', 'on');
  result.seesSpeaking.amira = await rowShows(amira, 'Bashir', 'data-speaking', 'true');
  if (result.seesSpeaking.amira) await snap(amira, 'voice-speaking-host');
  result.seesSpeaking.bashir = await rowShows(bashir, 'Amira', 'data-speaking', 'true');
  if (result.seesSpeaking.bashir) await snap(bashir, 'voice-speaking-guest');

  const first = { amira: await audioStats(amira), bashir: await audioStats(bashir) };
  await sleep(2000);
  result.stats = {
    amira: [first.amira, await audioStats(amira)],
    bashir: [first.bashir, await audioStats(bashir)],
  };

  // Bashir's room connection drops (his voice keeps going): the others must not see him speaking or in voice
  // while the room has him offline, and must see him in voice again once his tab reconnects and re-sends it.
  await dropRoomSocket(bashir);
  result.drop = {
    clearedOnOther: (await rowShows(amira, 'Bashir', 'data-voice', 'off')) && (await rowShows(amira, 'Bashir', 'data-speaking', 'false', 1000)),
  };
  await snap(amira, 'voice-other-dropped');
  await restoreRoomSocket(bashir);
  result.drop.backInVoice = await rowShows(amira, 'Bashir', 'data-voice', 'on', 30_000);
  result.drop.speakingAgain = await rowShows(amira, 'Bashir', 'data-speaking', 'true');

  // Dina's browser refuses the microphone (the fake media UI always grants it, so her page's getUserMedia
  // refuses the way a browser does when the person clicks Block): she reads why, and nobody sees her in voice.
  const dina = await openPerson(browser);
  await dina.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  await joinByLink(dina, invite, 'Dina');
  await dina.getByRole('button', { name: 'Join voice' }).click();
  await dina.getByText('Microphone access is blocked').waitFor().catch(() => undefined);
  result.micBlocked = { text: await voiceStatusText(dina), inVoiceForOthers: await rowShows(amira, 'Dina', 'data-voice', 'on', 2000) };
  await snap(dina, 'voice-mic-blocked');
  await dina.context().close();

  await amira.getByRole('button', { name: 'Mute' }).click();
  result.mutedSeenByOther = await rowShows(bashir, 'Amira', 'data-voice', 'muted');
  await snap(amira, 'voice-muted-host');
  await amira.getByRole('button', { name: 'Unmute' }).click();
  result.unmutedSeenByOther = await rowShows(bashir, 'Amira', 'data-voice', 'on');

  // Someone who is not a member: Carol, host of another room.
  const room = await roomSession(amira);
  const carol = await openPerson(browser);
  const carolGrant = keepGrant(carol);
  await createRoom(carol, stack.origin, { name: 'Carol', room: 'Elsewhere' });
  const carolRoom = await roomSession(carol);
  await joinVoice(carol);
  result.outsider = {
    grantWithOtherRoomToken: await grantStatus(carol, room.roomId, carolRoom.token),
    janusJoinWithOwnToken: await rawJanusJoin(carol, { token: carolGrant.grant.token, room: room.roomId, id: carolGrant.grant.participantId }),
  };

  // Bashir is removed by the host while in voice: his room token and his voice token stop working.
  const bashirRoom = await roomSession(bashir);
  const grant = bashirGrant.grant;
  result.controlJoin = await rawJanusJoin(carol, { token: grant.token, room: room.roomId, id: 'probe-before-kick' });
  await amira.getByRole('button', { name: 'Remove Bashir' }).click();
  await amira.getByRole('button', { name: 'Remove', exact: true }).click();
  await bashir.getByText('The host removed you').first().waitFor().catch(() => undefined);
  result.kicked = {
    grant: await grantStatus(carol, room.roomId, bashirRoom.token),
    janusJoin: await rawJanusJoin(carol, { token: grant.token, room: room.roomId, id: grant.participantId }),
    goneFromHostList: await amira
      .getByRole('complementary', { name: 'People in this room' })
      .locator('li')
      .filter({ hasText: 'Bashir' })
      .waitFor({ state: 'detached', timeout: 10_000 })
      .then(() => true, () => false),
  };
  await snap(amira, 'voice-after-kick');

  // Janus stops: voice reads as unavailable (chat untouched); once Janus is back, a new try works.
  await amira.getByRole('button', { name: 'Leave voice' }).click();
  await stack.janus.stop();
  await amira.getByRole('button', { name: 'Join voice' }).click();
  await amira.getByText('Voice is unavailable right now').waitFor().catch(() => undefined);
  result.unavailable = { text: await voiceStatusText(amira) };
  await snap(amira, 'voice-unavailable');
  await stack.janus.restart();
  await sleep(1500);
  result.unavailable.retryMs = await joinVoice(amira).catch((err) => String(err));
  result.cspBlocked = cspBlocked;
  return result;
}

/** CPU (% of one core) and resident memory of a process over `ms`, from /proc. */
async function processLoad(pid, ms) {
  const ticks = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  const before = ticks();
  await sleep(ms);
  const cpuPercent = ((ticks() - before) / 100 / (ms / 1000)) * 100;
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  return { cpuPercent: Math.round(cpuPercent * 10) / 10, rssMb: Math.round(rssKb / 102.4) / 10 };
}

/**
 * A room of `count` voices: one person through the app's UI, the others as a crowd of raw clients in one more
 * page (ten app tabs would measure Chromium on a 2-core machine, not Janus). Measures Janus's CPU and memory.
 */
async function load(stack, browser, count) {
  const idle = await processLoad(stack.janus.pid(), 3000);
  const host = await openPerson(browser);
  const crowd = await openPerson(browser);
  await createRoom(host, stack.origin, { name: 'Person 1', room: 'Ten voices', capacity: count });
  const hostJoinMs = await joinVoice(host);
  await crowd.goto(stack.origin);
  const started = Date.now();
  await joinCrowd(crowd, { roomId: (await roomSession(host)).roomId, count: count - 1 });
  const crowdJoinMs = Date.now() - started;
  await sleep(3000);
  const before = await inboundPerConnection(crowd);
  const busy = await processLoad(stack.janus.pid(), 10_000);
  const after = await inboundPerConnection(crowd);
  await snap(host, 'voice-ten-people');
  return {
    people: count,
    idle,
    busy,
    hostJoinMs,
    crowdJoinMs,
    crowdPacketsPerSecond: after.map((n, i) => Math.round((n - before[i]) / 10)),
  };
}

const stack = await startVoiceStack();
const wav = writeToneWav(join(tmpdir(), `mugharred-tone-${process.pid}.wav`));
const browser = await launchVoiceBrowser(wav);
const guard = setTimeout(() => {
  process.stdout.write('RESULT {"error":"scenario timed out"}\n');
  void browser.close().finally(() => stack.stop()).finally(() => process.exit(2));
}, 150_000);
let output;
try {
  output = mode === 'load' ? await load(stack, browser, Number(people)) : await proof(stack, browser);
} catch (err) {
  output = { error: err instanceof Error ? err.stack : String(err), janusLog: (await stack.janus.logs()).slice(-3000) };
}
clearTimeout(guard);
await browser.close();
await stack.stop();
process.stdout.write(`RESULT ${JSON.stringify(output)}\n`);
