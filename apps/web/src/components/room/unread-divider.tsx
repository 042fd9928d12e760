/** Where the messages that came while this tab was hidden start. */
export function UnreadDivider() {
  return (
    <li data-kind="unread" className="mt-4 flex items-center gap-3 px-4 text-xs font-semibold text-red-600 sm:px-6 dark:text-red-400" role="separator">
      <span className="h-px flex-1 bg-red-300 dark:bg-red-500/40" />
      New messages
      <span className="h-px flex-1 bg-red-300 dark:bg-red-500/40" />
    </li>
  );
}
