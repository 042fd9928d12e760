// Restarts services one at a time, each only after the one before answers /health again: with two or more
// gateway replicas there is always one taking connections, and a gateway's SIGTERM drain moves its clients.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function healthy(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok && (await res.json()).status === 'ok';
  } catch {
    return false;
  }
}

/**
 * @param {string[]} units  in order
 * @param {{ restart: (unit: string) => Promise<void>, healthUrl: (unit: string) => string, timeoutMs?: number,
 *   log?: (line: string) => void }} o
 * Throws, leaving the remaining units untouched, when one does not answer /health within `timeoutMs`.
 */
export async function rollingRestart(units, { restart, healthUrl, timeoutMs = 60_000, log = () => undefined }) {
  for (const unit of units) {
    const started = Date.now();
    log(`restarting ${unit}`);
    await restart(unit);
    while (!(await healthy(healthUrl(unit)))) {
      if (Date.now() - started > timeoutMs) throw new Error(`${unit} did not answer ${healthUrl(unit)} within ${timeoutMs / 1000} s; the units after it were not restarted`);
      await sleep(200);
    }
    log(`${unit} is back (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}
