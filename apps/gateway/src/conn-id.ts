import { randomBytes } from 'node:crypto';

/**
 * Connection ids are `<replicaId>.<process nonce>.<n>`: a counter is enough within a process, and the nonce keeps
 * a restarted replica with a configured REPLICA_ID from reusing the ids its previous run left in presence.
 */
const processNonce = randomBytes(4).toString('base64url');
let connections = 0;

export interface ConnId {
  /** This process's count of connections when this one came; also picks its heartbeat slice. */
  number: number;
  id: string;
}

export function nextConnId(replicaId: string): ConnId {
  const number = ++connections;
  return { number, id: `${replicaId}.${processNonce}.${number.toString(36)}` };
}
