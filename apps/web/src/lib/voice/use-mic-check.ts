import { useEffect, useState } from 'react';
import { describeMicError, openMicrophone } from './mic-errors.js';

interface MicCheck {
  status: 'asking' | 'on' | 'blocked' | 'failed';
  /** Loudness right now, 0 to 1. */
  level: number;
  /** The microphones the browser names (their labels show once access is granted). */
  devices: readonly { id: string; label: string }[];
  /** The device in use. */
  deviceId: string | null;
  /** Why the microphone is not on, in words. */
  error: string | null;
}

const IDLE: MicCheck = { status: 'asking', level: 0, devices: [], deviceId: null, error: null };

/**
 * Opens microphone `deviceId` (or the chosen/default one) while mounted and measures its level, as a check
 * before joining voice. `attempt` changes to ask again (after the person unblocked the site). Nothing is sent.
 */
export function useMicCheck(deviceId: string | null, attempt: number): MicCheck {
  const [check, setCheck] = useState<MicCheck>(IDLE);
  useEffect(() => {
    let alive = true;
    let frame = 0;
    let track: MediaStreamTrack | null = null;
    let audio: AudioContext | null = null;
    const start = async () => {
      try {
        track = await openMicrophone(deviceId);
      } catch (err) {
        const name = err instanceof Error ? err.name : '';
        const blocked = name === 'NotAllowedError' || name === 'SecurityError';
        if (alive) setCheck({ ...IDLE, status: blocked ? 'blocked' : 'failed', error: describeMicError(err) });
        return;
      }
      if (!alive) return track.stop();
      const all = await navigator.mediaDevices.enumerateDevices();
      const devices = all
        .filter((d) => d.kind === 'audioinput' && d.deviceId !== '')
        .map((d, i) => ({ id: d.deviceId, label: d.label || `Microphone ${i + 1}` }));
      audio = new AudioContext();
      const analyser = audio.createAnalyser();
      analyser.fftSize = 512;
      audio.createMediaStreamSource(new MediaStream([track])).connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      const inUse = track.getSettings().deviceId ?? null;
      let shown = -1;
      const measure = () => {
        analyser.getFloatTimeDomainData(samples);
        let sum = 0;
        for (const s of samples) sum += s * s;
        // RMS on a rough log scale: speech at a normal distance fills most of the bar.
        const level = Math.min(1, Math.max(0, 1 + Math.log10(Math.sqrt(sum / samples.length) + 1e-4) / 3));
        const rounded = Math.round(level * 20) / 20;
        if (rounded !== shown && alive) {
          shown = rounded;
          setCheck({ status: 'on', level: rounded, devices, deviceId: inUse, error: null });
        }
        frame = requestAnimationFrame(measure);
      };
      measure();
    };
    void start();
    return () => {
      alive = false;
      cancelAnimationFrame(frame);
      track?.stop();
      void audio?.close();
    };
  }, [deviceId, attempt]);
  return check;
}
