import WebSocket from 'ws';
import type { ServerFrame } from '@mugharred/protocol';
import type { ConnectClient } from './bench-client.js';

/** A Mugharred client: token in the query string, `join_room`, then `send_message` frames. */
export const connectMugharred: ConnectClient = (spec, events) =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${spec.port}/ws?token=${spec.token}`);
    let joined = false;
    const client = {
      send: (roomId: string, text: string, clientMsgId: string) =>
        ws.send(JSON.stringify({ type: 'send_message', roomId, text, clientMsgId })),
      typing: (roomId: string) => ws.send(JSON.stringify({ type: 'typing', roomId })),
      close: () => ws.close(1000),
    };
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
    ws.once('error', (err) => reject(err));
    ws.once('open', () => ws.send(JSON.stringify({ type: 'join_room', roomId: spec.roomId })));
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      if (frame.type === 'room_event' && frame.event === 'message') events.onText(frame.message.text);
      else if (frame.type === 'room_event' && frame.event === 'joined') {
        joined = true;
        resolve(client);
      } else if (frame.type === 'ack') events.onAck(frame.clientMsgId);
      else if (frame.type === 'error') {
        if (!joined) reject(new Error(`join refused: ${frame.code}`));
        else events.onError(frame.code, frame.clientMsgId);
      }
    });
    ws.once('close', (code) => {
      if (!joined) reject(new Error(`closed with ${code} before joining`));
      events.onClose();
    });
  });
