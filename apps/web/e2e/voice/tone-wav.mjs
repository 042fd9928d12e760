import { writeFileSync } from 'node:fs';

/**
 * A fake microphone for Chromium (--use-file-for-fake-audio-capture, which loops it): 48 kHz mono 16-bit PCM,
 * `toneMs` of a 440 Hz tone at -6 dBFS, then `silenceMs` of silence. Chromium's built-in fake microphone is too
 * quiet for AudioBridge's talking events; the silence lets stopped-talking happen too.
 */
export function writeToneWav(path, { toneMs = 1500, silenceMs = 1500, rate = 48_000 } = {}) {
  const toneSamples = Math.round((rate * toneMs) / 1000);
  const samples = toneSamples + Math.round((rate * silenceMs) / 1000);
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < toneSamples; i++) buf.writeInt16LE(Math.round(16_000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  writeFileSync(path, buf);
  return path;
}
