import { spawn } from 'node:child_process';

/**
 * Runs a command inside a fresh network namespace where a veth interface carries 127.0.0.2/32: Janus never
 * gathers ICE candidates on a loopback interface, and test traffic must stay on 127/8 (../shared/notes/janus.md).
 * Nothing outside is reachable from inside; the namespace vanishes when the command exits. Needs root.
 * Resolves with the exit code and the collected stdout/stderr.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {{ timeoutMs?: number, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<{ code: number | string, stdout: string, stderr: string }>}
 */
export function runInVoiceNamespace(command, args, { timeoutMs = 170_000, env = process.env } = {}) {
  const quoted = [command, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = [
    'set -e',
    'ip link set lo up',
    'ip link add jv0 type veth peer name jv1',
    'ip addr add 127.0.0.2/32 dev jv0',
    'ip link set jv1 up',
    'ip link set jv0 up',
    'sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1',
    `exec ${quoted}`,
  ].join('\n');
  return new Promise((resolve) => {
    const child = spawn('unshare', ['--net', 'bash', '-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, stdout, stderr });
    });
  });
}
