import type { ChatMessage, Room } from '@mugharred/protocol';
import { downloadConversation, type ExportFormat } from '../../lib/conversation-export.js';

interface DownloadConversationProps {
  room: Room;
  messages: readonly ChatMessage[];
  className?: string;
}

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'text', label: 'Text' },
  { format: 'markdown', label: 'Markdown' },
];

/** "Save a copy: Text · Markdown": the conversation as this tab shows it, made in the browser. */
export function DownloadConversation({ room, messages, className = '' }: DownloadConversationProps) {
  return (
    <span className={`inline-flex items-center gap-1 text-sm ${className}`}>
      <span className="text-zinc-500 dark:text-zinc-400">Save a copy:</span>
      {FORMATS.map(({ format, label }) => (
        <button
          key={format}
          type="button"
          disabled={messages.length === 0}
          onClick={() => downloadConversation(room, messages, format)}
          className="rounded-md px-1.5 py-0.5 font-medium text-brand-700 underline-offset-2 hover:underline disabled:text-zinc-400 dark:text-brand-400"
          aria-label={`Download the conversation as ${label}`}
        >
          {label}
        </button>
      ))}
    </span>
  );
}
