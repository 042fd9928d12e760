import type { VoiceGrantReply } from '@mugharred/protocol';
import Janus, { type JanusJS } from 'janus-gateway';
import adapter from 'webrtc-adapter';
import { AudioBridgeError } from './audiobridge-error.js';

/** How long joining (Janus session, AudioBridge join, WebRTC up) may take before the try counts as failed. */
const JOIN_TIMEOUT_MS = 15_000;

export interface AudioBridgeEvents {
  /** Janus's talking / stopped-talking for a participant of the mix (this tab's own id included). */
  talking(participantId: string, on: boolean): void;
  /** A participant left the mix. */
  left(participantId: string): void;
  /** The link broke after it was up: Janus went away, the session was dropped, or the media path failed. */
  lost(): void;
}

export interface AudioBridgeLink {
  setMuted(muted: boolean): void;
  /** Leaves the mix and ends the Janus session; idempotent. */
  close(): void;
}

let ready: Promise<void> | null = null;

function initJanus(): Promise<void> {
  ready ??= new Promise((resolve) => {
    Janus.init({ debug: false, dependencies: Janus.useDefaultDependencies({ adapter }), callback: () => resolve() });
  });
  return ready;
}

interface AudioBridgeMessage {
  audiobridge?: string;
  id?: string;
  leaving?: string;
  participants?: { id: string; talking?: boolean }[];
  error_code?: number;
  error?: string;
}

/**
 * Joins one AudioBridge room with a member's grant and their microphone track: a Janus session over the edge's
 * WebSocket (the grant's token on every request), the plugin join (the token again, for the room's allowed
 * list), then one send-and-receive audio stream. Resolves once media flows both ways; the mixed audio of the
 * others plays through an <audio> element this module owns (outside React).
 */
export async function openAudioBridge(grant: VoiceGrantReply, display: string, mic: MediaStreamTrack, events: AudioBridgeEvents): Promise<AudioBridgeLink> {
  await initJanus();
  const server = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${grant.janusPath}`;
  const audio = new Audio();
  audio.autoplay = true;
  let janus: JanusJS.Janus | null = null;
  let handle: JanusJS.PluginHandle | null = null;
  let up = false;
  let closed = false;

  const close = () => {
    if (closed) return;
    closed = true;
    mic.stop();
    audio.srcObject = null;
    audio.remove();
    janus?.destroy({ cleanupHandles: true });
  };

  const joined = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new AudioBridgeError('unreachable', 'voice did not connect in time')), JOIN_TIMEOUT_MS);
    const fail = (err: AudioBridgeError) => {
      if (up) {
        if (!closed) events.lost();
        return;
      }
      clearTimeout(timer);
      close();
      reject(err);
    };
    const ok = () => {
      clearTimeout(timer);
      up = true;
      resolve();
    };

    const onMessage = (msg: AudioBridgeMessage, jsep?: JanusJS.JSEP) => {
      if (jsep) handle?.handleRemoteJsep({ jsep });
      if (msg.error_code) return fail(new AudioBridgeError('refused', msg.error ?? `audiobridge error ${msg.error_code}`));
      switch (msg.audiobridge) {
        case 'joined':
          // The first `joined` is ours: send our microphone and receive the mix. Later ones list newcomers.
          if (msg.id !== undefined && !handle?.webrtcStuff.pc) offer();
          break;
        case 'talking':
        case 'stopped-talking':
          if (msg.id !== undefined) events.talking(String(msg.id), msg.audiobridge === 'talking');
          break;
        case 'event':
          if (msg.leaving !== undefined) events.left(String(msg.leaving));
          break;
      }
      for (const p of msg.participants ?? []) if (p.talking !== undefined) events.talking(String(p.id), p.talking);
    };

    const offer = () =>
      handle?.createOffer({
        tracks: [{ type: 'audio', capture: mic, recv: true }],
        success: (offerJsep) => handle?.send({ message: { request: 'configure', muted: false }, jsep: offerJsep }),
        error: (err) => fail(new AudioBridgeError('unreachable', `offer failed: ${err.message}`)),
      });

    janus = new Janus({
      server,
      token: grant.token,
      iceServers: grant.iceServers as RTCIceServer[],
      destroyOnUnload: true,
      success: () =>
        janus?.attach({
          plugin: 'janus.plugin.audiobridge',
          success: (h) => {
            handle = h;
            h.send({
              message: { request: 'join', room: grant.room, id: grant.participantId, token: grant.token, display, muted: false },
              error: (err) => fail(new AudioBridgeError('refused', err)),
            });
          },
          error: (err) => fail(new AudioBridgeError('refused', String(err))),
          onmessage: onMessage,
          webrtcState: (on) => (on ? ok() : fail(new AudioBridgeError('unreachable', 'media path closed'))),
          iceState: (state) => {
            if (state === 'failed') fail(new AudioBridgeError('unreachable', 'no media path to the voice server'));
          },
          onremotetrack: (track, _mid, on) => {
            if (track.kind !== 'audio') return;
            audio.srcObject = on ? new MediaStream([track]) : null;
            if (on) void audio.play().catch(() => undefined);
          },
        }),
      error: (err: unknown) => fail(new AudioBridgeError(up ? 'unreachable' : classify(err), String(err))),
    });
  });

  await joined;
  return {
    setMuted(muted) {
      if (closed || !handle) return;
      // The track is silenced here, and Janus is told so the mix and everyone's talking indicators agree.
      if (muted) handle.muteAudio();
      else handle.unmuteAudio();
      handle.send({ message: { request: 'configure', muted } });
    },
    close,
  };
}

/** Janus's session errors: a refused token reads as 403 / "Unauthorized"; anything else is reachability. */
function classify(err: unknown): 'unreachable' | 'refused' {
  return /unauthori[sz]ed|forbidden|403/i.test(String(err)) ? 'refused' : 'unreachable';
}
