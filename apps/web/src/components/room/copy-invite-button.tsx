import { useEffect, useState } from 'react';
import { inviteUrl } from '../../lib/router.js';
import { Button } from '../ui/button.js';
import { CheckIcon, LinkIcon } from '../ui/icons.js';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Copies the room's invite link; falls back to showing it selectable when the clipboard is not available. */
export function CopyInviteButton({ roomId, variant = 'secondary' }: { roomId: string; variant?: 'secondary' | 'primary' }) {
  const [result, setResult] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (result === 'idle') return;
    const t = setTimeout(() => setResult('idle'), 2500);
    return () => clearTimeout(t);
  }, [result]);
  const url = inviteUrl(roomId);
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant={variant} size="sm" onClick={async () => setResult((await copyText(url)) ? 'copied' : 'failed')}>
        {result === 'copied' ? <CheckIcon /> : <LinkIcon />}
        {result === 'copied' ? 'Link copied' : 'Copy invite link'}
      </Button>
      <span role="status" className="sr-only">
        {result === 'copied' ? 'Invite link copied' : ''}
      </span>
      {result === 'failed' && (
        <input readOnly value={url} aria-label="Invite link" onFocus={(e) => e.currentTarget.select()} autoFocus className="h-8 w-56 rounded-lg border border-zinc-200 px-2 text-xs dark:border-zinc-800 dark:bg-zinc-900" />
      )}
    </span>
  );
}
