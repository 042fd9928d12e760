import { describe, expect, it } from 'vitest';
import { isType, type TestSocket } from '../../../packages/testing/src/index.js';
import { LIMITS } from '../../../packages/protocol/src/index.js';
import { expectStillServing, makeRoom, post, STILL_SERVING_PROBE } from '../support/room.js';
import type { HostileStack } from '../support/stack.js';


async function errorFor(socket: TestSocket, frame: unknown): Promise<{ code: string; message: string }> {
  socket.send(frame);
  return (await socket.waitNew(isType('error'))) as unknown as { code: string; message: string };
}

/** Bad frames and bodies, Unicode in text and names, key and id injection. */
export function badInputCases(stack: HostileStack): void {
  describe('bad frames name the field that is wrong', () => {
    it('says which field is missing or wrong, and keeps the socket', async () => {
      const room = await makeRoom(stack);
      const roomId = room.roomId;
      const cases: [unknown, string][] = [
        [{ type: 'send_message', roomId, clientMsgId: 'a' }, 'Invalid send_message frame: text is missing'],
        [{ type: 'send_message', roomId, text: 'hi' }, 'Invalid send_message frame: clientMsgId is missing'],
        [{ type: 'send_message', roomId, text: 7, clientMsgId: 'a' }, 'Invalid send_message frame: text:'],
        [{ type: 'send_message', roomId: 'x', text: 'hi', clientMsgId: 'a' }, 'Invalid send_message frame: roomId:'],
        [{ type: 'join_room' }, 'Invalid join_room frame: roomId is missing'],
        [{ type: 'join_room', roomId, since: { epoch: 'e' } }, 'Invalid join_room frame: since.seq is missing'],
        [{ type: 'voice_state', roomId, inVoice: 'yes', muted: false }, 'Invalid voice_state frame: inVoice:'],
      ];
      for (const [frame, message] of cases) {
        const err = await errorFor(room.host, frame);
        expect(err.code).toBe('invalid_frame');
        expect(err.message).toContain(message);
      }
      expect(room.host.closeCode).toBeNull();
      await expectStillServing(stack, room);
      room.close();
    });
  });

  describe('Unicode in message text', () => {
    it('refuses NUL and lone surrogates, never stores them, and counts length in code points', async () => {
      const room = await makeRoom(stack);
      const send = (text: string, clientMsgId: string) => room.host.send({ type: 'send_message', roomId: room.roomId, text, clientMsgId });
      // A lone surrogate cannot travel as UTF-8 JSON text unless escaped: send it escaped, as a hostile client would.
      room.host.send(`{"type":"send_message","roomId":"${room.roomId}","text":"broken \\ud83d here","clientMsgId":"lone"}`);
      expect(await room.host.waitNew(isType('error'))).toMatchObject({ code: 'invalid_frame', clientMsgId: 'lone' });
      send('nul \u0000 inside', 'nul');
      expect(await room.host.waitNew(isType('error'))).toMatchObject({ code: 'invalid_frame', clientMsgId: 'nul' });
      // 2000 emoji are 2000 characters (4000 UTF-16 units): accepted; 2001 are not.
      send('😀'.repeat(LIMITS.messageTextMax), 'emoji-max');
      expect(await room.host.waitNew(isType('ack'))).toMatchObject({ clientMsgId: 'emoji-max' });
      send('😀'.repeat(LIMITS.messageTextMax + 1), 'emoji-over');
      expect(await room.host.waitNew(isType('error'))).toMatchObject({ code: 'invalid_frame', clientMsgId: 'emoji-over' });
      // The witness hears the room in order, so once it has the message sent after all of these, it has every
      // one of them that was stored (the host's ack comes before the witness's delivery, not with it).
      await expectStillServing(stack, room);
      const texts = room.witness.frames
        .filter((f) => f.type === 'room_event' && f.event === 'message')
        .map((f) => (f.message as { text: string }).text)
        .filter((text) => !text.startsWith(STILL_SERVING_PROBE));
      expect(texts).toEqual(['😀'.repeat(LIMITS.messageTextMax)]);
      room.close();
    });
  });

  describe('Unicode in names', () => {
    it('normalises names (NFKC), refuses bidi overrides, controls and NUL, and refuses a confusable duplicate in a room', async () => {
      const room = await makeRoom(stack);
      for (const bad of ['Bob\u202Egnp.exe', 'B\u0000ob', 'Bob\u0007', '\u2066Bob']) {
        const res = await room.join(bad);
        expect(res.status, JSON.stringify(bad)).toBe(400);
        expect(res.json.error?.code).toBe('invalid_name');
      }
      const bob = await room.join('Bob');
      expect(bob.status).toBe(200);
      for (const twin of ['Ｂｏｂ', 'bob', 'BOB', ' Bob ', 'В\u043Eb']) {
        const res = await room.join(twin);
        expect(res.status, twin).toBe(409);
        expect(res.json.error?.code).toBe('name_taken');
      }
      expect((await room.join('Bobby')).status).toBe(200);
      const created = await post(stack, '/api/create-room', { name: 'Ｒｅｔｒｏ', maxParticipants: 2, duration: 15, hostName: 'Ａｄａ' });
      expect((created.json.room as { name: string }).name).toBe('Retro');
      const login = await post(stack, '/api/login', { name: 'Ｚｅｄ' });
      expect((login.json.user as { name: string }).name).toBe('Zed');
      await expectStillServing(stack, room);
      room.close();
    });
  });

  describe('key and id injection', () => {
    it('treats Redis key syntax, paths and wildcards in ids as unknown rooms, never as keys', async () => {
      const room = await makeRoom(stack);
      for (const roomId of ['*', `${room.roomId}}`, `{${room.roomId}}`, '../../etc/passwd', 'room:{x}:members', `${room.roomId} `]) {
        const res = await post(stack, '/api/join-room', { roomId, participantName: 'Inject' });
        expect(res.status, roomId).toBe(404);
        if (roomId.includes('/')) continue;
        const info = await fetch(`${stack.origin}/api/rooms/${encodeURIComponent(roomId)}`);
        expect(info.status, roomId).toBe(404);
      }
      const err = await errorFor(room.host, { type: 'join_room', roomId: '*'.repeat(22) });
      expect(err.code).toBe('invalid_frame');
      await expectStillServing(stack, room);
      room.close();
    });
  });
}
