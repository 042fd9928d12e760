import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Caps the connections one address holds before they authenticate (TCP accepted, upgrade not yet verified),
 * so nobody can tie up a replica with half-sent requests. A connection leaves the count when it is upgraded
 * (`authenticated`) or closes. Behind the edge every connection comes from the edge's address, but nginx only
 * connects once it has a whole request, so its unauthenticated connections last milliseconds.
 */
export class AddressLimit {
  private readonly pending = new Map<string, number>();
  /** The address each counted socket was counted under (a closed socket no longer reports its own). */
  private readonly counted = new WeakMap<Socket, string>();

  constructor(server: Server, private readonly max: number, onRefused: (address: string) => void) {
    server.on('connection', (socket: Socket) => {
      const address = socket.remoteAddress ?? '';
      const n = this.pending.get(address) ?? 0;
      if (n >= this.max) {
        onRefused(address);
        socket.destroy();
        return;
      }
      this.pending.set(address, n + 1);
      this.counted.set(socket, address);
      socket.once('close', () => this.release(socket));
    });
  }

  /** The connection proved who it is: it no longer counts against its address. */
  authenticated(socket: Socket): void {
    this.release(socket);
  }

  private release(socket: Socket): void {
    const address = this.counted.get(socket);
    if (address === undefined) return;
    this.counted.delete(socket);
    const n = (this.pending.get(address) ?? 1) - 1;
    if (n > 0) this.pending.set(address, n);
    else this.pending.delete(address);
  }
}
