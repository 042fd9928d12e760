/**
 * How each chat room's AudioBridge room is created. It lives only in Janus's memory (never written to the
 * plugin's config file) and is private (not in `list`).
 */
export function roomCreateRequest(roomId: string, adminKey: string, secret: string): Record<string, unknown> {
  return {
    request: 'create',
    room: roomId,
    admin_key: adminKey,
    secret,
    description: 'mugharred',
    is_private: true,
    permanent: false,
    // An allowed list (empty until grant adds members' tokens) makes every join show a token from it.
    allowed: [],
    // 16 kHz (wideband) is plenty for speech and keeps the mixer cheap; Opus carries it either way.
    sampling_rate: 16000,
    record: false,
    // Talking / stopped-talking events for the participants list. Audio levels run 0 (loudest) to 127
    // (silence); a participant is talking when the average over audio_active_packets (20 ms each, so 1 s)
    // is below audio_level_average. Janus's default 25 needs a loud voice; 45 catches normal speech.
    audiolevel_ext: true,
    audiolevel_event: true,
    audio_active_packets: 50,
    audio_level_average: 45,
  };
}
