import { api, ApiError } from '../api.js';
import { AudioBridgeError } from './audiobridge-error.js';
import type { AudioBridgeLink } from './audiobridge-link.js';
import { describeMicError, openMicrophone } from './mic-errors.js';
import { VOICE_OFF, type SharedVoice, type VoiceState } from './voice-state.js';

export interface VoiceHost {
  roomId(): string;
  token(): string;
  name(): string;
  /** Shares this tab's voice state with the room (and keeps it for re-sending after a reconnect). */
  share(voice: SharedVoice): void;
}

const WORDS = {
  unavailable: 'Voice is unavailable right now. Chat works as usual; try again in a little while.',
  refused: 'The voice server did not let you in. Leave voice and try again.',
  lost: 'The voice connection was lost. Join again to continue.',
};

/**
 * One room's voice for this tab: microphone, grant, AudioBridge link, mute, and who is talking. Like RoomClient
 * it lives outside React; components read its immutable snapshot through subscribe/getState.
 */
export class VoiceClient {
  private state: VoiceState = VOICE_OFF;
  private readonly listeners = new Set<() => void>();
  private link: AudioBridgeLink | null = null;
  /** Bumped by every join and leave, so a join that finishes after a leave closes what it opened. */
  private generation = 0;

  constructor(private readonly host: VoiceHost) {}

  getState = (): VoiceState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  async join(): Promise<void> {
    if (this.state.status === 'joining' || this.state.status === 'on') return;
    const generation = ++this.generation;
    this.update({ ...VOICE_OFF, status: 'joining' });
    let mic: MediaStreamTrack;
    try {
      // The microphone first: a refusal is explained at once, before anyone hears this tab join.
      mic = await openMicrophone();
    } catch (err) {
      if (generation === this.generation) this.update({ ...VOICE_OFF, status: 'failed', error: describeMicError(err) });
      return;
    }
    try {
      // janus.js and webrtc-adapter load with the first join, so chat alone never downloads them.
      const [grant, { openAudioBridge }] = await Promise.all([api.voiceGrant(this.host.roomId(), this.host.token()), import('./audiobridge-link.js')]);
      const link = await openAudioBridge(grant, this.host.name(), mic, {
        talking: (id, on) => this.setTalking(id, on),
        left: (id) => this.setTalking(id, false),
        lost: () => this.onLost(generation),
      });
      if (generation !== this.generation) {
        link.close();
        return;
      }
      this.link = link;
      this.update({ status: 'on', muted: false, error: null });
      this.host.share({ inVoice: true, muted: false });
    } catch (err) {
      mic.stop();
      if (generation !== this.generation) return;
      const unavailable = (err instanceof ApiError && (err.status === 503 || err.code === 'network')) || (err instanceof AudioBridgeError && err.kind === 'unreachable');
      this.update({
        ...VOICE_OFF,
        status: unavailable ? 'unavailable' : 'failed',
        error: unavailable ? WORDS.unavailable : err instanceof ApiError ? err.message : WORDS.refused,
      });
    }
  }

  /** Leaves voice (also when the room or the page goes); safe to call in any state. */
  leave(): void {
    this.generation += 1;
    const wasOn = this.link !== null || this.state.status === 'joining';
    this.link?.close();
    this.link = null;
    if (this.state !== VOICE_OFF) this.update(VOICE_OFF);
    if (wasOn) this.host.share({ inVoice: false, muted: false });
  }

  setMuted(muted: boolean): void {
    if (!this.link || this.state.status !== 'on') return;
    this.link.setMuted(muted);
    this.update({ muted });
    this.host.share({ inVoice: true, muted });
  }

  private onLost(generation: number): void {
    if (generation !== this.generation) return;
    this.leave();
    this.update({ status: 'failed', error: WORDS.lost });
  }

  private setTalking(id: string, on: boolean): void {
    if (this.state.talking.has(id) === on) return;
    const talking = new Set(this.state.talking);
    if (on) talking.add(id);
    else talking.delete(id);
    this.update({ talking });
  }

  private update(patch: Partial<VoiceState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
