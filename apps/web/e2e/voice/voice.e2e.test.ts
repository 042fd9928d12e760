import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { janusInstalled } from '../../../../infra/janus/start-janus.mjs';
import { runInVoiceNamespace } from './netns.mjs';

const scenario = fileURLToPath(new URL('./scenario.mjs', import.meta.url));
// The namespace (unshare --net, a veth with 127.0.0.2) needs root, which CI has; npm test installs Janus.
const canRun = process.getuid?.() === 0 && janusInstalled();

interface Audio {
  inPackets: number;
  inBytes: number;
  outBytes: number;
}
type JanusTry = { stage: string; error?: { code: number; reason: string } | string };
interface ProofResult {
  error?: string;
  joinToFirstPacketMs: { amira: number; bashir: number };
  stats: { amira: [Audio, Audio]; bashir: [Audio, Audio] };
  seesInVoice: { amira: boolean; bashir: boolean };
  seesSpeaking: { amira: boolean; bashir: boolean };
  drop: { clearedOnOther: boolean; backInVoice: boolean; speakingAgain: boolean };
  micBlocked: { text: string; inVoiceForOthers: boolean };
  mutedSeenByOther: boolean;
  unmutedSeenByOther: boolean;
  outsider: { grantWithOtherRoomToken: number; janusJoinWithOwnToken: JanusTry };
  controlJoin: JanusTry;
  kicked: { grant: number; janusJoin: JanusTry; goneFromHostList: boolean };
  unavailable: { text: string; retryMs: number | string };
  cspBlocked: string[];
}

describe.skipIf(!canRun)('group voice through Janus: two browsers, real audio, inside their own network namespace', () => {
  let result: ProofResult;

  beforeAll(async () => {
    const run = await runInVoiceNamespace(process.execPath, [scenario]);
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`the voice scenario printed no result (exit ${run.code})\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`);
    result = JSON.parse(line.slice('RESULT '.length)) as ProofResult;
    if (result.error) throw new Error(`the voice scenario failed:\n${result.error}`);
  }, 180_000);

  it('each person receives audio whose packets and bytes keep growing, and sends audio', () => {
    for (const [first, second] of [result.stats.amira, result.stats.bashir]) {
      expect(first.inPackets).toBeGreaterThan(0);
      expect(second.inPackets).toBeGreaterThan(first.inPackets + 50); // ~50 packets/s over 2 s
      expect(second.inBytes).toBeGreaterThan(first.inBytes);
      expect(second.outBytes).toBeGreaterThan(first.outBytes);
    }
  });

  it('audio arrives within seconds of the Join voice click', () => {
    // ~0.3-0.7 s measured; the bound leaves room for a 2-core machine running other test files at once.
    expect(result.joinToFirstPacketMs.amira).toBeLessThan(10_000);
    expect(result.joinToFirstPacketMs.bashir).toBeLessThan(10_000);
  });

  it('each sees the other in voice and speaking in the people list, and sees a mute and an unmute', () => {
    expect(result.seesInVoice).toEqual({ amira: true, bashir: true });
    expect(result.seesSpeaking).toEqual({ amira: true, bashir: true });
    expect(result.mutedSeenByOther).toBe(true);
    expect(result.unmutedSeenByOther).toBe(true);
  });

  it('clears a person’s voice and speaking while their connection is down, and shows them again once it is back', () => {
    expect(result.drop).toEqual({ clearedOnOther: true, backInVoice: true, speakingAgain: true });
  });

  it('explains a blocked microphone in words, and the others never see that person in voice', () => {
    expect(result.micBlocked.text).toContain('Microphone access is blocked');
    expect(result.micBlocked.inVoiceForOthers).toBe(false);
  });

  it('refuses someone who is not a member: no grant with another room’s token, no AudioBridge join with their own', () => {
    expect(result.outsider.grantWithOtherRoomToken).toBe(403);
    expect(result.outsider.janusJoinWithOwnToken.stage).toBe('join');
    expect(result.outsider.janusJoinWithOwnToken.error).toMatchObject({ code: 489 });
    // The same raw client with a member's live token gets in, so the refusals above are Janus's own.
    expect(result.controlJoin.stage).toBe('joined');
  });

  it('refuses a kicked member: no grant, and Janus rejects their voice token at once', () => {
    expect(result.kicked.grant).toBe(403);
    expect(result.kicked.janusJoin.stage).toBe('session');
    expect(result.kicked.janusJoin.error).toMatchObject({ code: 403 });
    expect(result.kicked.goneFromHostList).toBe(true);
  });

  it('runs voice under the edge Content-Security-Policy without it blocking anything', () => {
    expect(result.cspBlocked).toEqual([]);
  });

  it('shows voice as unavailable while Janus is down, and joins again once it is back', () => {
    expect(result.unavailable.text).toContain('Voice is unavailable right now');
    expect(typeof result.unavailable.retryMs).toBe('number');
  });
});
