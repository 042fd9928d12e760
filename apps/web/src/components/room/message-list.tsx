import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { mentions } from '../../lib/mentions.js';
import type { RoomState } from '../../lib/room-state.js';
import { ArrowDownIcon } from '../ui/icons.js';
import { EmptyRoom } from './empty-room.js';
import { MessageItem } from './message-item.js';
import { NoticeItem } from './notice-item.js';
import { PendingItem } from './pending-item.js';
import type { ConversationActions } from './conversation-actions.js';
import { buildTimeline } from './timeline.js';
import { UnreadDivider } from './unread-divider.js';

/** How close to the bottom (px) still counts as "reading the newest", so new messages scroll into view. */
const STICK_PX = 120;

interface MessageListProps {
  state: RoomState;
  me: { userId: string; name: string; isHost: boolean };
  /** Messages after this seq came while the tab was hidden. */
  unreadAfter: number | null;
  actions: ConversationActions;
  onDismiss: (clientMsgId: string) => void;
}

export function MessageList({ state, me, unreadAfter, actions, onDismiss }: MessageListProps) {
  // The timeline is built from these parts of the state only; the rest changing must not rebuild it.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const items = useMemo(() => buildTimeline(state, unreadAfter), [state.log, state.notices, state.pending, unreadAfter]);
  const scroller = useRef<HTMLDivElement>(null);
  const stuck = useRef(true);
  const [unseen, setUnseen] = useState(false);
  const lastKey = items[items.length - 1]?.key;
  const lastIsMine = items[items.length - 1]?.kind === 'pending';

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (stuck.current || lastIsMine) {
      el.scrollTop = el.scrollHeight;
      setUnseen(false);
    } else {
      setUnseen(true);
    }
  }, [lastKey, lastIsMine]);

  // Back to the tab: show where the new messages start; "Jump to latest" takes the reader the rest of the way.
  useEffect(() => {
    const divider = unreadAfter === null ? null : scroller.current?.querySelector('[data-kind=unread]');
    if (!divider) return;
    divider.scrollIntoView({ block: 'start' });
    const el = scroller.current!;
    stuck.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
    setUnseen(!stuck.current);
  }, [unreadAfter]);

  const onScroll = () => {
    const el = scroller.current!;
    stuck.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
    if (stuck.current) setUnseen(false);
  };

  const jump = () => {
    const el = scroller.current!;
    el.scrollTo({ top: el.scrollHeight, behavior: 'smooth' });
  };

  return (
    <div className="relative min-h-0 flex-1">
      <div ref={scroller} onScroll={onScroll} className="h-full overflow-y-auto overscroll-contain pb-4" tabIndex={0} role="region" aria-label="Message history">
        {state.room && state.log.messages.length === 0 && state.pending.length === 0 && <EmptyRoom roomId={state.room.id} />}
        {/* The log role sits on a wrapper: on the list itself it would hide the list, orphaning every item. */}
        <div role="log" aria-live="polite" aria-relevant="additions" aria-label="Messages">
          <ol>
            {items.map((item) => {
              switch (item.kind) {
                case 'message': {
                  const own = item.message.userId === me.userId;
                  return (
                    <MessageItem
                      key={item.key}
                      message={item.message}
                      own={own}
                      startsGroup={item.startsGroup}
                      me={me.userId}
                      mentioned={!own && !item.message.deleted && mentions(item.message.text, me.name)}
                      isHost={me.isHost}
                      actions={actions}
                    />
                  );
                }
                case 'unread':
                  return <UnreadDivider key={item.key} />;
                case 'notice':
                  return <NoticeItem key={item.key} notice={item.notice} />;
                case 'pending':
                  return <PendingItem key={item.key} pending={item.pending} onDismiss={onDismiss} />;
              }
            })}
          </ol>
        </div>
      </div>
      {unseen && (
        <button
          type="button"
          onClick={jump}
          className="absolute bottom-4 left-1/2 inline-flex -translate-x-1/2 items-center gap-1.5 rounded-full bg-zinc-900 px-3.5 py-2 text-sm font-medium text-white shadow-lg dark:bg-white dark:text-zinc-900"
        >
          <ArrowDownIcon /> Jump to latest
        </button>
      )}
    </div>
  );
}
