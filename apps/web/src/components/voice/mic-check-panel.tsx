import { useId, useState } from 'react';
import { chooseMicrophone, chosenMicrophone } from '../../lib/voice/mic-errors.js';
import { useMicCheck } from '../../lib/voice/use-mic-check.js';
import { Button } from '../ui/button.js';

/**
 * A microphone check before joining voice: which microphone (kept for the next join), a level meter that moves
 * when it hears you, and in words why it cannot start (blocked by the browser, missing, in use).
 */
export function MicCheckPanel() {
  const [deviceId, setDeviceId] = useState(chosenMicrophone);
  const [attempt, setAttempt] = useState(0);
  const check = useMicCheck(deviceId, attempt);
  const selectId = useId();
  const pick = (id: string) => {
    chooseMicrophone(id);
    setDeviceId(id);
  };
  if (check.status === 'blocked' || check.status === 'failed') {
    return (
      <div className="space-y-3">
        <p role="alert" className="rounded-xl border border-amber-200 bg-amber-50 px-3.5 py-3 text-sm text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-200">
          {check.error}
          {check.status === 'blocked' &&
            ' The browser remembers this for the site: open the site settings from the icon at the left of the address bar, set Microphone to Allow, and try again.'}
        </p>
        <Button variant="secondary" size="sm" onClick={() => setAttempt((a) => a + 1)}>
          Try again
        </Button>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <div>
        <label htmlFor={selectId} className="block text-sm font-medium">
          Microphone
        </label>
        <select
          id={selectId}
          value={check.deviceId ?? ''}
          disabled={check.devices.length === 0}
          onChange={(e) => pick(e.target.value)}
          className="mt-1 w-full rounded-xl border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        >
          {check.devices.length === 0 && <option value="">{check.status === 'asking' ? 'Asking for your microphone…' : 'Default'}</option>}
          {check.devices.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
        </select>
      </div>
      <div
        role="meter"
        aria-label="Microphone level"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(check.level * 100)}
        data-level={check.level}
        className="h-2.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div className="h-full rounded-full bg-emerald-500 transition-[width] duration-75" style={{ width: `${check.level * 100}%` }} />
      </div>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        {check.status === 'on' ? 'Say something: the bar moves when your microphone hears you. Nobody hears this check.' : 'Asking the browser for your microphone…'}
      </p>
    </div>
  );
}
