import { createServer } from 'node:net';

/**
 * A free port in 20000-44999 whose cluster bus port (port + 10000) is free too, and not in `taken`: Redis
 * Cluster nodes need both, and ports the OS hands out can be too high for the bus port to exist.
 */
export async function freePortWithBus(taken: number[] = []): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 25000);
    if (taken.includes(port)) continue;
    if ((await isFree(port)) && (await isFree(port + 10000))) return port;
  }
  throw new Error('no free port pair for a Redis Cluster node');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}
