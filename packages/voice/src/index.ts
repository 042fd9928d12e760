export {
  createVoiceControl,
  type VoiceControl,
  type VoiceControlOptions,
  type VoiceGrant,
  type VoiceLog,
  type VoiceParticipant,
  type VoiceResult,
  type VoiceUnavailable,
} from './voice-control.js';
export { iceServersFor, janusEnv, janusConfig, voiceEnv, voiceConfig, type JanusConfig, type VoiceConfig } from './voice-config.js';
export type { IceServer } from './ice-server.js';
