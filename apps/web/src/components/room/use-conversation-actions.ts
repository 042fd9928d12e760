import { useMemo, useState } from 'react';
import type { RoomClient } from '../../lib/room-client.js';
import type { ComposerTarget } from './composer-target.js';
import type { ConversationActions } from './conversation-actions.js';

/**
 * The room screen's conversation state (a reply or edit in the composer, a delete awaiting confirmation) and
 * the one stable actions object its message rows call.
 */
export function useConversationActions(client: RoomClient) {
  const [target, setTarget] = useState<ComposerTarget | null>(null);
  const [deleting, setDeleting] = useState<number | null>(null);
  const actions = useMemo<ConversationActions>(
    () => ({
      reply: (message) => setTarget({ mode: 'reply', message }),
      edit: (message) => setTarget({ mode: 'edit', message }),
      remove: (message) => setDeleting(message.seq),
      react: (seq, emoji, on) => client.react(seq, emoji, on),
      jumpTo: (seq) => {
        const li = document.querySelector<HTMLElement>(`[role=log] li[data-kind=message][data-seq="${seq}"]`);
        li?.scrollIntoView({ block: 'center', behavior: 'smooth' });
        li?.focus({ preventScroll: true });
      },
    }),
    [client],
  );
  const send = (text: string) => {
    if (target?.mode === 'edit') client.edit(target.message.seq, text);
    else client.send(text, target?.message.seq);
    setTarget(null);
  };
  const confirmDelete = (yes: boolean) => {
    if (yes && deleting !== null) client.deleteMessage(deleting);
    setDeleting(null);
  };
  return { actions, target, cancelTarget: () => setTarget(null), send, deleting, confirmDelete };
}
