/** Why a join failed: Janus not reachable (voice unavailable) or Janus refused this tab (token, room). */
export class AudioBridgeError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'refused',
    message: string,
  ) {
    super(message);
  }
}
