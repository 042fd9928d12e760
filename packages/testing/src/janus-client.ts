import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';

/**
 * What a browser does with a voice pass, as a plain Janus client: a session with the pass's token, an AudioBridge
 * attach, then a join of `room` as `id`. `joined` is 'joined' or the first error code Janus answered; the
 * connection stays open (as a browser's does while in voice) until close(), and `lost` resolves when Janus drops it.
 */
export interface JanusVoice {
  joined: 'joined' | number;
  lost: Promise<void>;
  close(): void;
}

export function openJanusVoice(wsUrl: string, token: string, room: string, id: string): Promise<JanusVoice> {
  const ws = new WebSocket(wsUrl, 'janus-protocol');
  const waiting = new Map<string, (m: any) => void>();
  const lost = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m.janus === 'ack') return;
    waiting.get(m.transaction)?.(m);
  });
  const request = (body: Record<string, unknown>) =>
    new Promise<any>((resolve) => {
      const transaction = randomBytes(6).toString('hex');
      waiting.set(transaction, resolve);
      ws.send(JSON.stringify({ ...body, transaction, token }));
    });
  const voice = (joined: JanusVoice['joined']): JanusVoice => ({ joined, lost, close: () => ws.close() });
  return new Promise<JanusVoice>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', async () => {
      const session = await request({ janus: 'create' });
      if (session.janus !== 'success') return resolve(voice(session.error.code));
      const handle = await request({ janus: 'attach', session_id: session.data.id, plugin: 'janus.plugin.audiobridge' });
      if (handle.janus !== 'success') return resolve(voice(handle.error.code));
      const reply = await request({ janus: 'message', session_id: session.data.id, handle_id: handle.data.id, body: { request: 'join', room, id, token } });
      const data = reply.plugindata?.data ?? {};
      resolve(voice(data.audiobridge === 'joined' ? 'joined' : (data.error_code ?? reply.error?.code)));
    });
  });
}

/** openJanusVoice, then leaves: 'joined' or the first error code Janus answered. */
export async function janusJoin(wsUrl: string, token: string, room: string, id: string): Promise<'joined' | number> {
  const voice = await openJanusVoice(wsUrl, token, room, id);
  voice.close();
  return voice.joined;
}
