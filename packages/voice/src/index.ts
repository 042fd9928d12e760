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
export { AUDIOBRIDGE } from './audiobridge-link.js';
export { JanusConnection, type JanusMessage, type JanusProtocol } from './janus-connection.js';
export { AUDIOBRIDGE_CODES, JANUS_CODES, JanusError, JanusUnreachable } from './janus-error.js';
export { iceServersFor, readVoiceConfig, type VoiceConfig } from './voice-config.js';
export type { IceServer } from './ice-server.js';
export { mintTurnServer, type TurnRestConfig } from './turn-credentials.js';
