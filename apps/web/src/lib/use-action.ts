import { useState } from 'react';
import { ApiError } from './api.js';

/** Runs one async action at a time for a form or button, with its busy flag and the error to show. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<void>, onFailure?: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
      onFailure?.();
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error };
}
