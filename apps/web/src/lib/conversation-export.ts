import type { ChatMessage, Room } from '@mugharred/protocol';

export type ExportFormat = 'text' | 'markdown';

const stamp = (ts: number) => new Date(ts).toISOString().slice(0, 16).replace('T', ' ');
const quoteLines = (text: string) => text.split('\n').map((l) => `> ${l}`).join('\n');

function lineOf(m: ChatMessage, format: ExportFormat): string {
  const edited = m.editedAt ? ' (edited)' : '';
  const body = m.deleted ? '[message deleted]' : m.text;
  const reply = m.replyTo ? `re ${m.replyTo.name}: "${m.replyTo.text}"` : '';
  const reactions = (m.reactions ?? []).map((r) => `${r.emoji} ${r.users.length}`).join('  ');
  if (format === 'text') {
    return [`[${stamp(m.ts)}] ${m.name}${edited}: ${body}`, reply && `    (${reply})`, reactions && `    ${reactions}`]
      .filter(Boolean)
      .join('\n');
  }
  return [
    `**${m.name}** · ${stamp(m.ts)}${edited}`,
    reply && quoteLines(reply),
    m.deleted ? '_message deleted_' : body,
    reactions,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** The conversation as this tab holds it, as plain text or Markdown; made here, nothing asked of the server. */
function conversationText(room: Room, messages: readonly ChatMessage[], format: ExportFormat): string {
  const title = `${room.name} (Mugharred), ${stamp(room.createdAt)} to ${stamp(room.expiresAt)} UTC`;
  const head = format === 'markdown' ? `# ${title}` : `${title}\n${'='.repeat(Math.min(title.length, 80))}`;
  const sep = format === 'markdown' ? '\n\n---\n\n' : '\n';
  return `${head}\n\n${messages.map((m) => lineOf(m, format)).join(sep)}\n`;
}

/** Saves the conversation as a file through the browser (a Blob URL; nothing leaves the tab). */
export function downloadConversation(room: Room, messages: readonly ChatMessage[], format: ExportFormat): void {
  const blob = new Blob([conversationText(room, messages, format)], { type: format === 'markdown' ? 'text/markdown' : 'text/plain' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${room.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 40) || 'mugharred'}.${format === 'markdown' ? 'md' : 'txt'}`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
