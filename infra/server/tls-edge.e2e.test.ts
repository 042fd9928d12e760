import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { janusInstalled } from '../janus/start-janus.mjs';
import { runInVoiceNamespace } from '../../apps/web/e2e/voice/netns.mjs';

const scenario = fileURLToPath(new URL('./test-support/tls-scenario.mjs', import.meta.url));
// Voice needs the network namespace of the voice e2e test (root, as CI has) and Janus; chat and the rest do not.
const withVoice = process.getuid?.() === 0 && janusInstalled();

interface Audio {
  inPackets: number;
  inBytes: number;
  outBytes: number;
}
interface MediaPath {
  localTypes: string[];
  inPackets: number;
}
interface TlsResult {
  error?: string;
  origin: string;
  httpUrl: string;
  check: { status: number; lines: string[] };
  untrustedCheck: { status: number; lines: string[] };
  acme: { status: number; text: string };
  browser: {
    landedOn: string;
    page: { isSecureContext: boolean; protocol: string; host: string };
    microphone: { kind: string; readyState: string };
    chat: { bashirSawAmira: boolean; amiraSawBashir: boolean };
    roomSockets: string[];
    janusSockets: string[];
    voice?: { joinMs: Record<string, number>; first: Record<string, Audio>; second: Record<string, Audio> };
    relayOnly?: { joinMs: number; first: MediaPath; second: MediaPath };
    cspBlocked: string[];
  };
}

function runDirectly(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [scenario], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the production edge: TLS from a private CA under a real host name, in a real browser', () => {
  let r: TlsResult;

  beforeAll(async () => {
    const run = withVoice ? await runInVoiceNamespace(process.execPath, [scenario, '--voice']) : await runDirectly();
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`the TLS scenario printed no result (exit ${run.code})\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`);
    r = JSON.parse(line.slice('RESULT '.length)) as TlsResult;
    if (r.error) throw new Error(`the TLS scenario failed:\n${r.error}`);
  }, 170_000);

  it('sends plain HTTP to HTTPS and serves the app there as a secure context', () => {
    expect(r.origin).toMatch(/^https:\/\/chat\.mugharred\.test:\d+$/);
    expect(r.browser.landedOn).toBe(`${r.origin}/`);
    expect(r.browser.page).toEqual({ isSecureContext: true, protocol: 'https:', host: new URL(r.origin).host });
  });

  it('grants the page the microphone', () => {
    expect(r.browser.microphone).toEqual({ kind: 'audio', readyState: 'live' });
  });

  it('lets two people chat over wss through the edge, under its Content-Security-Policy', () => {
    expect(r.browser.chat).toEqual({ bashirSawAmira: true, amiraSawBashir: true });
    expect(r.browser.roomSockets.length).toBeGreaterThan(0);
    for (const url of r.browser.roomSockets) expect(url).toBe(`${r.origin.replace('https', 'wss')}/ws`);
    expect(r.browser.cspBlocked).toEqual([]);
  });

  it.skipIf(!withVoice)('joins voice over wss://…/janus and both people receive growing audio', () => {
    const voice = r.browser.voice!;
    expect(r.browser.janusSockets[0]).toBe(`${r.origin.replace('https', 'wss')}/janus`);
    for (const who of ['amira', 'bashir']) {
      const [first, second] = [voice.first[who]!, voice.second[who]!];
      expect(voice.joinMs[who]).toBeLessThan(10_000);
      expect(second.inPackets).toBeGreaterThan(first.inPackets + 30); // ~50 packets/s over 1.5 s
      expect(second.outBytes).toBeGreaterThan(first.outBytes);
    }
  });

  it.skipIf(!withVoice)('carries voice through coturn for someone whose browser may only use TURN relays, with their pass’s credentials', () => {
    const relay = r.browser.relayOnly!;
    expect(relay.joinMs).toBeLessThan(10_000);
    expect(relay.second.localTypes.length).toBeGreaterThan(0);
    expect(new Set(relay.second.localTypes)).toEqual(new Set(['relay']));
    expect(relay.second.inPackets).toBeGreaterThan(relay.first.inPackets + 20); // ~50 packets/s over 1 s
  });

  it('serves certbot’s HTTP-01 challenge files from the webroot over plain HTTP', () => {
    expect(r.acme).toEqual({ status: 200, text: 'check-token.key-authorization' });
  });

  it('npm run check passes every line against it, each line saying ok in words', () => {
    expect(r.check.status).toBe(0);
    const names = r.check.lines.filter((l) => /^(ok|FAIL) /.test(l)).map((l) => l.replace(/^(ok|FAIL)\s+/, '').split(':')[0]);
    expect(names).toEqual([
      'TLS certificate',
      'HTTP to HTTPS redirect',
      'security headers',
      'health through the edge',
      'auth-api health',
      'rooms-api health',
      'gateway-1 health',
      'gateway-2 health',
      'worker health',
      'room created',
      'chat over wss',
      'voice pass',
      'Janus through the edge',
      'TURN reachable',
      'room ended',
    ]);
    expect(r.check.lines.filter((l) => !l.startsWith('ok ')).slice(1)).toEqual(['all 15 checks passed']);
    expect(r.check.lines.join('\n')).toContain('TURN credentials valid for 3.0 h');
    expect(r.check.lines.join('\n')).toMatch(/TURN reachable: 127\.0\.0\.1:\d+ \(UDP\) gave a relay with the pass's credentials/);
  });

  it('npm run check fails, and says why, when the certificate is not trusted', () => {
    expect(r.untrustedCheck.status).toBe(1);
    expect(r.untrustedCheck.lines).toContain('FAIL  TLS certificate: not trusted for chat.mugharred.test: SELF_SIGNED_CERT_IN_CHAIN');
    expect(r.untrustedCheck.lines.at(-1)).toMatch(/^\d+ of 15 checks failed$/);
  });
});
