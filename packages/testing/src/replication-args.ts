/**
 * redis-server flags for a private server that replicates: a replica's first sync goes over the socket, and any
 * file it writes goes to `dir`, never a dump.rdb in the caller's directory that the next run would load.
 */
export const privateReplicationArgs = (dir: string): string[] => [
  '--dir', dir, '--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0', '--repl-diskless-load', 'on-empty-db',
];
