import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { wsTextFrame } from './ws-frame.js';

let http: Server;
let raw: Promise<Socket>;
let client: WebSocket;
beforeAll(async () => {
  http = createServer();
  const wss = new WebSocketServer({ server: http });
  raw = new Promise((resolve) => wss.on('connection', (_ws, req) => resolve(req.socket)));
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  client = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
  await once(client, 'open');
});
afterAll(() => {
  client.terminate();
  http.close();
});

describe('wsTextFrame', () => {
  it('frames payloads of every length class so a real WebSocket client reads them intact, several in one write', async () => {
    const payloads = [0, 125, 126, 65535, 65536, 70000].map((n, i) => 'é'.repeat(Math.floor(n / 2)) + 'x'.repeat(n % 2) + String(i));
    const received: string[] = [];
    client.on('message', (data, isBinary) => {
      expect(isBinary).toBe(false);
      received.push(data.toString());
    });
    (await raw).write(Buffer.concat(payloads.map((p) => wsTextFrame(Buffer.from(p)))));
    await expect.poll(() => received.length).toBe(payloads.length);
    expect(received).toEqual(payloads);
  });
});
