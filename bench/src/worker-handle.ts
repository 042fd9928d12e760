import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerCommand, WorkerReply } from './worker-protocol.js';

const workerScript = fileURLToPath(new URL('./load-worker.js', import.meta.url));

/** A forked load-generator process; each command gets exactly one reply, in order. */
export class WorkerHandle {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  /** Resolves once the process has loaded its modules, so no measured phase pays for that. */
  readonly ready: Promise<unknown>;

  constructor() {
    this.child = fork(workerScript, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.exited = new Promise((r) => this.child.once('exit', () => r()));
    this.ready = this.reply('ready', 'start');
  }

  get pid(): number {
    return this.child.pid!;
  }

  request<K extends WorkerReply['kind']>(command: WorkerCommand, kind: K): Promise<Extract<WorkerReply, { kind: K }>> {
    const answer = this.reply(kind, command.cmd);
    this.child.send(command);
    return answer;
  }

  private reply<K extends WorkerReply['kind']>(kind: K, during: string): Promise<Extract<WorkerReply, { kind: K }>> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load generator exited with ${code} during ${during}`));
      this.child.once('exit', onExit);
      this.child.once('message', (msg: WorkerReply) => {
        this.child.off('exit', onExit);
        if (msg.kind === kind) resolve(msg as Extract<WorkerReply, { kind: K }>);
        else reject(new Error(`load generator answered ${msg.kind} during ${during}`));
      });
    });
  }

  /** Closes its clients and waits for the process to end. */
  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null && this.child.connected) {
      this.child.send({ cmd: 'close' } satisfies WorkerCommand);
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}
