import { useMentionNotifications } from '../../lib/use-attention.js';

/** Asks the browser for permission and turns notifications for mentions of this person on or off. */
export function MentionAlertToggle({ notifications }: { notifications: ReturnType<typeof useMentionNotifications> }) {
  if (!notifications.supported) return null;
  return (
    <button
      type="button"
      aria-pressed={notifications.enabled}
      onClick={notifications.toggle}
      className="h-8 rounded-lg px-2.5 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
    >
      {notifications.enabled ? 'Mention alerts on' : 'Alert me when mentioned'}
    </button>
  );
}
