/** Words for a failed microphone request (getUserMedia's DOMException names). */
export function describeMicError(err: unknown): string {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Microphone access is blocked. Allow it for this site in the browser’s address bar, then try again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Plug one in or check your sound settings, then try again.';
    case 'NotReadableError':
    case 'AbortError':
      return 'Your microphone is in use by another app or could not start. Close the other app, then try again.';
    default:
      return 'This browser cannot use a microphone here. Voice needs a secure (https) page in a current browser.';
  }
}

const MIC_CHOICE_KEY = 'mugharred:microphone';

/** The microphone this browser picked in the microphone check, if any. */
export function chosenMicrophone(): string | null {
  return localStorage.getItem(MIC_CHOICE_KEY);
}

export function chooseMicrophone(deviceId: string): void {
  localStorage.setItem(MIC_CHOICE_KEY, deviceId);
}

/**
 * The microphone alone (the chosen one when it is still there, else the default), with the browser's voice
 * processing; throws the browser's own error.
 */
export async function openMicrophone(deviceId = chosenMicrophone()): Promise<MediaStreamTrack> {
  if (!navigator.mediaDevices?.getUserMedia) throw new DOMException('no mediaDevices', 'NotSupportedError');
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, ...(deviceId ? { deviceId: { ideal: deviceId } } : {}) },
    video: false,
  });
  const track = stream.getAudioTracks()[0];
  if (!track) throw new DOMException('no audio track', 'NotFoundError');
  return track;
}
