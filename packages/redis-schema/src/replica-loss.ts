/**
 * How long a master that has just lost its replicas takes no acknowledged write (its writers get
 * NotReplicatedError and retry). A master loses its replica for one of two reasons: the replica died (then,
 * after this hold, writes go on unreplicated rather than stop), or the replica was promoted in a failover that
 * did not stop this master first (Sentinel promotes without pausing it): then every write it still takes is
 * lost once it is turned into a replica, and the hold covers the moment until the clients follow the new master.
 */
export const REPLICA_LOSS_HOLD_MS = 5000;

/** Masters (by run_id) seen short of replicas: since when, and when last. */
const shortOfReplicas = new Map<string, { since: number; last: number }>();

/**
 * Whether a write on master `runId`, which has fewer replicas than wanted right now, may be acknowledged:
 * only once it has been short of them for REPLICA_LOSS_HOLD_MS. A master not seen short for a while (it got its
 * replicas back) starts a new hold.
 */
export function mayAcknowledgeShortOfReplicas(runId: string, now = Date.now()): boolean {
  const seen = shortOfReplicas.get(runId);
  const since = seen && now - seen.last <= REPLICA_LOSS_HOLD_MS ? seen.since : now;
  shortOfReplicas.set(runId, { since, last: now });
  if (shortOfReplicas.size > 64) shortOfReplicas.delete(shortOfReplicas.keys().next().value!);
  return now - since >= REPLICA_LOSS_HOLD_MS;
}
