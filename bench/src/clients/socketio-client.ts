import { io } from 'socket.io-client';
import type { ConnectClient } from './bench-client.js';

/** A Socket.IO client as users would write it: WebSocket transport, token in `auth`, a join with an ack. */
export const connectSocketIo: ConnectClient = (spec, events) =>
  new Promise((resolve, reject) => {
    // forceNew: one Manager (one connection) per client; by default clients of one URL share a connection.
    const socket = io(`http://127.0.0.1:${spec.port}`, {
      transports: ['websocket'],
      auth: { token: spec.token },
      forceNew: true,
      reconnection: false,
    });
    let joined = false;
    socket.once('connect_error', (err) => reject(err));
    socket.once('connect', () =>
      socket.emit('join_room', spec.roomId, (ok: boolean) => {
        if (!ok) return reject(new Error('join refused'));
        joined = true;
        resolve({
          send: (roomId, text, clientMsgId) => socket.emit('send_message', { roomId, text, clientMsgId }),
          // The reference has no typing signals; options.ts keeps --typing-rate to Mugharred runs.
          typing: () => undefined,
          close: () => socket.close(),
        });
      }),
    );
    socket.on('message', (msg: { text: string }) => events.onText(msg.text));
    socket.once('disconnect', () => {
      if (!joined) reject(new Error('disconnected before joining'));
      events.onClose();
    });
  });
