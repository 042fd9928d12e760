import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { createSigner } from 'fast-jwt';
import { TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER, TOKEN_TTL_SECONDS, type RoomClaims } from '@mugharred/protocol';
import type { BenchOptions, Placement } from './options.js';

/** Ids in the shape of the protocol's `Id` (16 random bytes, base64url). */
export const newId = () => randomBytes(16).toString('base64url');

export interface PlannedMember {
  userId: string;
  name: string;
  role: RoomClaims['role'];
  /** Which of the system's server processes this member connects to. */
  server: number;
}

export interface PlannedRoom {
  roomId: string;
  members: PlannedMember[];
  /** The load-generator process that holds all of this room's members. */
  worker: number;
}

/** The server a routed room lands on: any stable hash spreads rooms as the edge's ring does (not its exact points). */
const routedServer = (roomId: string, servers: number) => crc32(roomId) % servers;

/** Spreads the clients over the rooms (sizes differ by at most one); whole rooms go to one generator process each. */
export function planRooms(opts: Pick<BenchOptions, 'clients' | 'rooms' | 'workers' | 'servers'>, placement: Placement): PlannedRoom[] {
  return Array.from({ length: opts.rooms }, (_, r) => {
    const roomId = newId();
    const size = Math.floor(opts.clients / opts.rooms) + (r < opts.clients % opts.rooms ? 1 : 0);
    const members = Array.from({ length: size }, (_, m) => ({
      userId: newId(),
      name: `bench ${r}.${m}`,
      role: m === 0 ? ('host' as const) : ('participant' as const),
      server: placement === 'routed' ? routedServer(roomId, opts.servers) : m % opts.servers,
    }));
    return { roomId, members, worker: r % opts.workers };
  });
}

/** Signs room tokens exactly as auth-api/rooms-api do: HS256, iss/aud 'mugharred', 1-hour expiry. */
export function roomTokenSigner(secret: string): (room: PlannedRoom, member: PlannedMember) => string {
  const sign = createSigner({
    key: secret,
    algorithm: TOKEN_ALGORITHM,
    iss: TOKEN_ISSUER,
    aud: TOKEN_AUDIENCE,
    expiresIn: TOKEN_TTL_SECONDS * 1000,
  });
  return (room, member) => {
    const claims: RoomClaims = { kind: 'room', sub: member.userId, name: member.name, roomId: room.roomId, role: member.role };
    return sign(claims);
  };
}
