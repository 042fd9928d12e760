/**
 * Keeps `npm start`'s processes running (the services, the edge, Janus). A service that exits unasked is started again after a backoff (0.5 s,
 * doubling to 30 s; back to 0.5 s once a run lasted a minute), and the supervisor says so. `roll()` restarts the
 * gateway replicas one at a time (SIGTERM: the replica drains, its sockets move to the others), each time waiting
 * until the new process answers /health with 200 before the next.
 */
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
const STABLE_AFTER_MS = 60_000;
const HEALTHY_WITHIN_MS = 60_000;

const firstLine = (err) => (err instanceof Error ? err.message : String(err)).split('\n')[0];
const running = (service) => service.child.exitCode === null && service.child.signalCode === null;

/**
 * Resolves once `url`/health answers 200 (a restarted replica is ready for traffic), or once `wanted()` turns
 * false; throws at the deadline.
 */
async function waitHealthy(url, withinMs = HEALTHY_WITHIN_MS, wanted = () => true) {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (ok || !wanted()) return;
    if (Date.now() > deadline) throw new Error(`${url}/health did not answer 200 within ${withinMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export class Supervisor {
  /**
   * @param {Array<{ name: string, url: string, pid: number, child: import('node:child_process').ChildProcess,
   *   stop(): Promise<unknown>, respawn(): Promise<any> }>} services started by services.mjs's startService
   * @param {{ say?: (line: string) => void }} options
   */
  constructor(services, { say = (line) => process.stdout.write(`${line}\n`) } = {}) {
    this.say = say;
    this.stopped = false;
    this.rolling = null;
    this.slots = [];
    for (const service of services) this.add(service);
  }

  /** Watches one more service (a process started by a launcher that gives it `child` and `respawn`). */
  add(service) {
    const slot = {
      service,
      failures: 0,
      startedAt: Date.now(),
      expected: false,
      timer: undefined,
      /** A restart and a roll step of one service never overlap (two processes would fight over its port). */
      queue: Promise.resolve(),
    };
    this.slots.push(slot);
    this.watch(slot);
  }

  /** The services as they run now (a restart replaces a service's handle). */
  get services() {
    return this.slots.map((s) => s.service);
  }

  watch(slot) {
    const { child, name } = slot.service;
    child.once('exit', (code, signal) => {
      if (this.stopped || slot.expected || slot.service.child !== child) return;
      if (Date.now() - slot.startedAt >= STABLE_AFTER_MS) slot.failures = 0;
      const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** slot.failures);
      slot.failures += 1;
      this.say(`${name} exited (${signal ?? `code ${code}`}); starting it again in ${(delay / 1000).toFixed(1)} s`);
      slot.timer = setTimeout(() => void this.revive(slot), delay);
    });
  }

  /** Runs `task` on `slot` after whatever is already under way on it. */
  inTurn(slot, task) {
    const done = slot.queue.then(task);
    slot.queue = done.catch(() => undefined);
    return done;
  }

  revive(slot) {
    return this.inTurn(slot, () => this.reviveNow(slot));
  }

  async reviveNow(slot) {
    if (this.stopped || running(slot.service)) return;
    try {
      await this.replace(slot);
      this.say(`${slot.service.name} is running again (pid ${slot.service.pid})`);
    } catch (err) {
      const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** slot.failures);
      slot.failures += 1;
      this.say(`${slot.service.name} did not start (${firstLine(err)}); trying again in ${(delay / 1000).toFixed(1)} s`);
      slot.timer = setTimeout(() => void this.revive(slot), delay);
    }
  }

  async replace(slot) {
    const next = await slot.service.respawn();
    slot.service = next;
    slot.startedAt = Date.now();
    this.watch(slot);
    if (this.stopped) await next.stop();
  }

  /**
   * Restarts every gateway replica in turn: drain (SIGTERM), start again, wait for /health 200, then the next.
   * A second call while one runs returns the same roll.
   */
  roll() {
    this.rolling ??= this.rollAll().finally(() => (this.rolling = null));
    return this.rolling;
  }

  async rollAll() {
    const gateways = this.slots.filter((s) => s.service.name.startsWith('gateway-'));
    this.say(`rolling ${gateways.length} gateway replicas, one at a time`);
    for (const slot of gateways) {
      if (this.stopped) return;
      await this.inTurn(slot, () => this.rollOne(slot));
    }
    this.say('roll done');
  }

  async rollOne(slot) {
    const began = Date.now();
    clearTimeout(slot.timer);
    slot.expected = true;
    try {
      await slot.service.stop();
      await this.replace(slot);
      await waitHealthy(slot.service.url, HEALTHY_WITHIN_MS, () => !this.stopped);
      if (this.stopped) return;
    } catch (err) {
      this.say(`roll stopped: ${slot.service.name} did not come back healthy (${firstLine(err)})`);
      throw err;
    } finally {
      slot.expected = false;
      if (!running(slot.service)) void this.revive(slot);
    }
    this.say(`${slot.service.name} restarted and healthy in ${((Date.now() - began) / 1000).toFixed(1)} s (pid ${slot.service.pid})`);
  }

  async stop() {
    this.stopped = true;
    for (const slot of this.slots) clearTimeout(slot.timer);
    await this.rolling?.catch(() => undefined);
    await Promise.all(this.slots.map((s) => s.service.stop()));
  }
}
