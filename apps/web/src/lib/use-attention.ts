import type { ChatMessage } from '@mugharred/protocol';
import { useEffect, useRef, useState } from 'react';
import { mentions } from './mentions.js';

const NOTIFY_KEY = 'mugharred:notify-mentions';

/** Whether this person asked for a browser notification when mentioned (and the browser still allows it). */
export function useMentionNotifications(): { enabled: boolean; supported: boolean; toggle: () => void } {
  const supported = typeof Notification !== 'undefined';
  const [enabled, setEnabled] = useState(() => supported && Notification.permission === 'granted' && localStorage.getItem(NOTIFY_KEY) === '1');
  const toggle = () => {
    if (!supported) return;
    if (enabled) {
      localStorage.removeItem(NOTIFY_KEY);
      setEnabled(false);
      return;
    }
    void Notification.requestPermission().then((p) => {
      if (p !== 'granted') return;
      localStorage.setItem(NOTIFY_KEY, '1');
      setEnabled(true);
    });
  };
  return { enabled, supported, toggle };
}

export interface Attention {
  /** Messages after this seq arrived while the tab was hidden: the "new messages" divider goes before them. */
  unreadAfter: number | null;
  /** Others' messages that arrived while the tab was hidden (shown in the title until it is seen again). */
  unread: number;
}

/**
 * Watches the tab's visibility: while hidden, counts others' new messages into the title ("(3) Room"), and a
 * mention of this person raises a browser notification when they allowed it. Coming back, the divider marks
 * where the new messages start.
 */
export function useAttention(
  messages: readonly ChatMessage[],
  me: { userId: string; name: string },
  roomName: string | undefined,
  notify: boolean,
): Attention {
  const [hidden, setHidden] = useState(() => document.visibilityState === 'hidden');
  const [unreadAfter, setUnreadAfter] = useState<number | null>(null);
  /** The newest seq this person could see; null until the first render with the tab visible. */
  const seenUpTo = useRef<number | null>(null);
  const newest = messages[messages.length - 1]?.seq ?? 0;

  useEffect(() => {
    const onChange = () => setHidden(document.visibilityState === 'hidden');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);

  useEffect(() => {
    if (hidden) setUnreadAfter(null);
    else if (seenUpTo.current !== null && newest > seenUpTo.current) setUnreadAfter(seenUpTo.current);
    // Only the moment of hiding or showing matters here: `newest` is read then, not watched.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hidden]);

  const fresh = hidden ? messages.filter((m) => m.seq > (seenUpTo.current ?? Infinity) && m.userId !== me.userId && !m.deleted) : [];
  const notified = useRef(new Set<number>());
  useEffect(() => {
    if (!hidden) {
      seenUpTo.current = newest;
      notified.current.clear();
      return;
    }
    if (!notify) return;
    for (const m of fresh) {
      if (notified.current.has(m.seq) || !mentions(m.text, me.name)) continue;
      notified.current.add(m.seq);
      new Notification(`${m.name} mentioned you`, { body: m.text.slice(0, 140), tag: `mention-${m.id}` });
    }
  });

  const unread = fresh.length;
  useEffect(() => {
    const base = roomName ? `${roomName} · Mugharred` : 'Mugharred';
    document.title = unread > 0 ? `(${unread}) ${base}` : base;
  }, [unread, roomName]);

  return { unreadAfter, unread };
}
