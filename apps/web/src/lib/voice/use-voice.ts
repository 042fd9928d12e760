import { useSyncExternalStore } from 'react';
import type { VoiceClient } from './voice-client.js';
import type { VoiceState } from './voice-state.js';

export function useVoiceState(voice: VoiceClient): VoiceState {
  return useSyncExternalStore(voice.subscribe, voice.getState);
}
