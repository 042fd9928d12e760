// Types for start-janus.mjs and janus-config.mjs (plain JS so launchers need no build step); see their doc comments.
export interface TurnServer {
  server: string;
  port?: number;
  type?: 'udp' | 'tcp' | 'tls';
  user?: string;
  pwd?: string;
}

export interface StartJanusOptions {
  apiSecret: string;
  adminSecret: string;
  adminKey: string;
  dir?: string;
  wsPort?: number;
  wsIp?: string;
  wsAcl?: string;
  adminPort?: number;
  adminIp?: string;
  adminAcl?: string;
  interface?: string;
  iceEnforceList?: string;
  nat11?: string;
  stunServer?: string;
  turn?: TurnServer;
  rtpPortRange?: string;
  plainRtpPortRange?: string;
  eventLoops?: number;
  sessionTimeout?: number;
  debugLevel?: number;
  stdio?: 'pipe' | 'prefix' | 'inherit' | 'ignore';
  timeoutMs?: number;
  libDir?: string;
  janusBin?: string;
  extraPlugins?: string[];
}

export interface RunningJanus {
  wsUrl: string;
  adminUrl: string;
  pid: number;
  dir: string;
  logFile: string;
  logs(): Promise<string>;
  stop(): Promise<void>;
  name: 'janus';
  child: import('node:child_process').ChildProcess;
  respawn(): Promise<RunningJanus>;
}

export function startJanus(options: StartJanusOptions): Promise<RunningJanus>;
export function janusOptionsFromEnv(env?: Record<string, string | undefined>): Partial<StartJanusOptions>;
export function janusInstalled(): boolean;
export function janusSettings(options: StartJanusOptions): Required<Pick<StartJanusOptions, 'wsPort' | 'adminPort'>> & StartJanusOptions;
