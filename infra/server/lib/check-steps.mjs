// The post-deploy check's steps, each one line a person can read: what was checked and what was seen.
import { parseTurnUrl, turnAllocate } from './turn-client.mjs';

const MIN_HSTS_SECONDS = 180 * 86_400;
const MIN_CERT_DAYS = 7;
const DAY = 86_400_000;

/** Thrown by a step: its message is the line printed after "FAIL". */
class Fail extends Error {}
const fail = (text) => {
  throw new Fail(text);
};

/** Waits for the first frame `match` accepts on a socket, or fails after `ms`. */
function nextFrame(ws, match, what, ms = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(reject, new Fail(`no ${what} within ${ms / 1000} s`)), ms);
    const onMessage = (data) => {
      let frame;
      try {
        frame = JSON.parse(String(data));
      } catch {
        return;
      }
      if (frame.type === 'error') return done(reject, new Fail(`${what}: the server answered ${frame.code ?? 'error'}: ${frame.message ?? ''}`));
      if (match(frame)) done(resolve, frame);
    };
    const onClose = (code) => done(reject, new Fail(`${what}: the socket closed (${code})`));
    const onError = (err) => done(reject, new Fail(`${what}: ${err.message}`));
    function done(settle, value) {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      ws.off('error', onError);
      settle(value);
    }
    ws.on('message', onMessage);
    ws.once('close', onClose);
    ws.once('error', onError);
  });
}

function opened(ws, what) {
  return new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('unexpected-response', (_req, res) => reject(new Fail(`${what}: the upgrade was answered ${res.statusCode}`)));
    ws.once('error', (err) => reject(new Fail(`${what}: ${err.message}`)));
  });
}

/** The steps, in order; each gets the client and the state earlier steps left, and returns its ok line. */
export function checkSteps({ client, httpUrl, services }) {
  const state = {};
  const roomSocket = async (token, roomId, who) => {
    const ws = client.socket('/ws', ['bearer', token]);
    await opened(ws, `${who}'s socket`);
    const joined = nextFrame(ws, (f) => f.type === 'room_event' && f.event === 'joined', `${who}'s join`);
    ws.send(JSON.stringify({ type: 'join_room', roomId }));
    await joined;
    return ws;
  };
  return [
    ['TLS certificate', async () => {
      const cert = await client.certificate();
      if (!cert.authorized) fail(`not trusted for ${client.host}: ${cert.error}`);
      const days = Math.floor((cert.validTo.getTime() - Date.now()) / DAY);
      if (days < MIN_CERT_DAYS) fail(`expires in ${days} days (renewal is not working)`);
      return `valid for ${client.host}, ${cert.protocol}, issued by ${cert.issuer}, expires in ${days} days`;
    }],
    ['HTTP to HTTPS redirect', async () => {
      const res = await client.fetchText(`${httpUrl}/r/check?x=1`);
      const expected = `${client.origin}/r/check?x=1`;
      if (![301, 308].includes(res.status) || res.headers.location !== expected) fail(`${httpUrl} answered ${res.status} ${res.headers.location ?? ''}, expected a permanent redirect to ${expected}`);
      return `${httpUrl} redirects permanently to ${client.origin}`;
    }],
    ['security headers', async () => {
      const res = await client.fetchText('/');
      if (res.status !== 200) fail(`GET / answered ${res.status}`);
      const problems = [];
      const csp = res.headers['content-security-policy'] ?? '';
      if (!/default-src 'self'/.test(csp) || !/script-src 'self'/.test(csp)) problems.push(`Content-Security-Policy is "${csp}"`);
      const hsts = /max-age=(\d+)/.exec(res.headers['strict-transport-security'] ?? '');
      if (!hsts || Number(hsts[1]) < MIN_HSTS_SECONDS) problems.push(`Strict-Transport-Security is "${res.headers['strict-transport-security'] ?? ''}" (at least 180 days wanted)`);
      if (res.headers['x-content-type-options'] !== 'nosniff') problems.push('X-Content-Type-Options is not nosniff');
      if (problems.length) fail(problems.join('; '));
      return `CSP (default-src 'self'), HSTS (${Math.round(Number(hsts[1]) / 86_400)} days), nosniff on the app`;
    }],
    ['health through the edge', async () => {
      const res = await client.json('/health');
      if (res.status !== 200 || res.data?.status !== 'ok') fail(`/health answered ${res.status} ${res.text.slice(0, 200)}`);
      return `/health: ${res.data.service} ok, storage ${res.data.storage}`;
    }],
    ...services.map(([name, url]) => [`${name} health`, async () => {
      const res = await client.json(`${url}/health`);
      if (res.status !== 200 || res.data?.status !== 'ok') fail(`${url}/health answered ${res.status} ${res.text.slice(0, 200)}`);
      return `${url}/health ok`;
    }]),
    ['room created', async () => {
      const created = await client.json('/api/create-room', { method: 'POST', body: { name: 'Deploy check', maxParticipants: 2, duration: 15, hostName: 'Check host' } });
      if (created.status !== 200) fail(`create-room answered ${created.status} ${created.text.slice(0, 200)}`);
      const joined = await client.json('/api/join-room', { method: 'POST', body: { roomId: created.data.roomId, participantName: 'Check guest' } });
      if (joined.status !== 200) fail(`join-room answered ${joined.status} ${joined.text.slice(0, 200)}`);
      Object.assign(state, { roomId: created.data.roomId, hostToken: created.data.token, guestToken: joined.data.token });
      return `room ${state.roomId} created, a second person joined it`;
    }],
    ['chat over wss', async () => {
      if (!state.roomId) fail('skipped: no room');
      const started = Date.now();
      const host = await roomSocket(state.hostToken, state.roomId, 'host');
      const guest = await roomSocket(state.guestToken, state.roomId, 'guest');
      try {
        const text = `deploy check ${started}`;
        const delivered = nextFrame(guest, (f) => f.type === 'room_event' && f.event === 'message' && f.message?.text === text, 'message at the second client');
        const acked = nextFrame(host, (f) => f.type === 'ack' && f.clientMsgId === 'deploy-check', 'ack of the message');
        host.send(JSON.stringify({ type: 'send_message', roomId: state.roomId, text, clientMsgId: 'deploy-check' }));
        await Promise.all([delivered, acked]);
      } finally {
        host.close();
        guest.close();
      }
      return `two clients joined over ${client.origin.replace('https', 'wss')}/ws and one's message reached the other (${Date.now() - started} ms)`;
    }],
    ['voice pass', async () => {
      if (!state.roomId) fail('skipped: no room');
      const res = await client.json(`/api/rooms/${state.roomId}/voice`, { method: 'POST', headers: { authorization: `Bearer ${state.guestToken}` } });
      if (res.status !== 200) fail(`the voice grant answered ${res.status} ${res.data?.error?.code ?? res.text.slice(0, 200)}`);
      state.turn = res.data.iceServers.find((s) => s.username && [s.urls].flat().some((u) => u.startsWith('turn')));
      const expiry = Number(state.turn?.username.split(':')[0]);
      const hours = ((expiry * 1000 - Date.now()) / 3_600_000).toFixed(1);
      return `granted (Janus at ${res.data.janusPath}), ${state.turn ? `TURN credentials valid for ${hours} h` : 'no TURN server configured'}`;
    }],
    ['Janus through the edge', async () => {
      const ws = client.socket('/janus', 'janus-protocol');
      try {
        await opened(ws, '/janus');
        const info = nextFrame(ws, (f) => f.janus === 'server_info' || f.janus === 'error', 'Janus info');
        ws.send(JSON.stringify({ janus: 'info', transaction: 'deploy-check' }));
        const reply = await info;
        if (reply.janus !== 'server_info') fail(`Janus answered ${JSON.stringify(reply).slice(0, 200)}`);
        return `${reply.name ?? 'Janus'} ${reply.version_string ?? ''} answers at ${client.origin.replace('https', 'wss')}/janus`.replace('  ', ' ');
      } finally {
        ws.close();
      }
    }],
    ['TURN reachable', async () => {
      if (!state.turn) fail('no TURN server in the voice pass (VOICE_TURN_URLS / VOICE_TURN_SECRET)');
      const lines = [];
      for (const url of [state.turn.urls].flat().map(parseTurnUrl).filter((u) => u.scheme === 'turn' && u.transport === 'udp')) {
        const res = await turnAllocate({ host: url.host, port: url.port, username: state.turn.username, credential: state.turn.credential, lookup: client.lookupAddress });
        if (!res.ok) fail(`${url.host}:${url.port} (UDP): ${res.reason}`);
        lines.push(`${url.host}:${url.port} (UDP) gave a relay with the pass's credentials`);
      }
      if (!lines.length) fail('the voice pass has no turn: URL over UDP');
      return lines.join('; ');
    }],
    ['room ended', async () => {
      if (!state.roomId) fail('skipped: no room');
      const res = await client.json(`/api/rooms/${state.roomId}/end`, { method: 'POST', headers: { authorization: `Bearer ${state.hostToken}` } });
      if (res.status !== 200) fail(`ending the check's room answered ${res.status}`);
      return 'the check\'s room is gone';
    }],
  ];
}

/** Runs every step (a failed one does not stop the others) and says whether all passed. */
export async function runChecks(steps, write) {
  let failed = 0;
  for (const [name, step] of steps) {
    try {
      write(`ok    ${name}: ${await step()}`);
    } catch (err) {
      failed++;
      write(`FAIL  ${name}: ${err instanceof Fail ? err.message : `${err.message ?? err}`}`);
    }
  }
  write(failed ? `${failed} of ${steps.length} checks failed` : `all ${steps.length} checks passed`);
  return failed === 0;
}
