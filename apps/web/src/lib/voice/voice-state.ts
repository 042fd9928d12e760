/**
 * off: not in voice; joining: asking for the microphone and connecting; on: in the room's voice;
 * unavailable: the server has no voice right now (chat is unaffected; a later try may work);
 * failed: this tab's try went wrong (`error` says why in words: microphone refused, connection lost...).
 */
type VoiceStatus = 'off' | 'joining' | 'on' | 'unavailable' | 'failed';

export interface VoiceState {
  status: VoiceStatus;
  muted: boolean;
  /** Participant ids Janus last reported as talking in this room's mix (this tab's view). */
  talking: ReadonlySet<string>;
  /** Why the last try failed, in words a person reads. */
  error: string | null;
}

/** What this tab tells the room about its own voice (the gateway's `voice_state` frame). */
export interface SharedVoice {
  inVoice: boolean;
  muted: boolean;
}

export const VOICE_OFF: VoiceState = { status: 'off', muted: false, talking: new Set(), error: null };
