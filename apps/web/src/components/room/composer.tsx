import { LIMITS, textLength } from '@mugharred/protocol/constants';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { mentionQuery } from '../../lib/mentions.js';
import type { ConnectionStatus } from '../../lib/room-state.js';
import { SendIcon } from '../ui/icons.js';
import { ComposerTargetBar, type ComposerTarget } from './composer-target.js';
import { MentionPicker } from './mention-picker.js';

/** The counter appears once this few characters are left. */
const COUNTER_FROM = 200;
/** The box grows with its text up to this height (px), then scrolls. */
const MAX_HEIGHT = 200;

/** Names offered for one `@`. */
const MENTION_CHOICES = 6;

interface ComposerProps {
  status: ConnectionStatus;
  notice: string | null;
  /** A reply or an edit in progress. */
  target: ComposerTarget | null;
  onCancelTarget: () => void;
  /** Names of the other people in the room, for @mentions. */
  others: readonly string[];
  onSend: (text: string) => void;
  /** Called while the person types, at most every LIMITS.typingRepeatMs. */
  onTyping: () => void;
}

/**
 * Enter sends, Shift+Enter starts a new line. Usable while the connection is down: what is sent then waits
 * (shown as "Sending…") and goes out, with its clientMsgId, once the room is live again. An `@` offers the
 * room's people; a reply or an edit shows above the box until sent or cancelled.
 */
export function Composer({ status, notice, target, onCancelTarget, others, onSend, onTyping }: ComposerProps) {
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const lastTyping = useRef(0);
  const box = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const query = mentionQuery(text, caret);
  const choices = query ? others.filter((n) => n.toLowerCase().startsWith(query.query.toLowerCase())).slice(0, MENTION_CHOICES) : [];

  useEffect(() => {
    if (!target) return;
    if (target.mode === 'edit') setText(target.message.text);
    box.current?.focus();
    requestAnimationFrame(resize);
  }, [target]);
  const live = status === 'open';
  const usable = status !== 'ended';
  // Counted in code points, as the server counts (protocol's text rules): an emoji is one character.
  const left = LIMITS.messageTextMax - textLength(text);
  const reason = live
    ? null
    : status === 'connecting'
      ? 'Connecting to the room… What you send now goes out once it is live.'
      : 'You are offline. Keep writing: messages wait and go out when the connection is back.';

  const resize = () => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT)}px`;
  };

  const submit = () => {
    if (!usable || text.trim().length === 0 || left < 0) return;
    onSend(text);
    setText('');
    requestAnimationFrame(resize);
  };

  const pick = (name: string) => {
    if (!query) return;
    const next = `${text.slice(0, query.start)}@${name} ${text.slice(caret)}`;
    const at = query.start + name.length + 2;
    setText(next);
    setCaret(at);
    requestAnimationFrame(() => box.current?.setSelectionRange(at, at));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (choices.length > 0 && ['ArrowDown', 'ArrowUp', 'Enter', 'Tab'].includes(e.key)) {
      e.preventDefault();
      if (e.key === 'ArrowDown') setActive((active + 1) % choices.length);
      else if (e.key === 'ArrowUp') setActive((active - 1 + choices.length) % choices.length);
      else pick(choices[Math.min(active, choices.length - 1)]!);
      return;
    }
    if (e.key === 'Escape' && target) {
      onCancelTarget();
      if (target.mode === 'edit') setText('');
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form
      className="shrink-0 border-t border-zinc-200 bg-white/90 px-3 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] backdrop-blur sm:px-6 dark:border-zinc-800 dark:bg-zinc-950/90"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div id={hintId} role="status" className="empty:hidden">
        {(reason ?? notice) && <p className="mb-2 text-xs text-amber-700 dark:text-amber-400">{reason ?? notice}</p>}
      </div>
      {target && (
        <ComposerTargetBar
          target={target}
          onCancel={() => {
            onCancelTarget();
            if (target.mode === 'edit') setText('');
          }}
        />
      )}
      <div className="relative flex items-end gap-2 rounded-2xl border border-zinc-200 bg-zinc-50 p-1.5 pl-3.5 transition focus-within:border-brand-500 focus-within:ring-4 focus-within:ring-brand-500/15 dark:border-zinc-800 dark:bg-zinc-900">
        <label className="sr-only" htmlFor={`${hintId}-input`}>
          Message
        </label>
        <textarea
          id={`${hintId}-input`}
          ref={box}
          rows={1}
          // Arriving in a room is arriving to talk: the first key typed goes into the message.
          autoFocus
          value={text}
          disabled={!usable}
          aria-describedby={hintId}
          aria-autocomplete="list"
          aria-controls={choices.length > 0 ? `${hintId}-mentions` : undefined}
          aria-activedescendant={choices.length > 0 ? `${hintId}-mentions-${active}` : undefined}
          placeholder={live ? 'Write a message…' : 'Write a message to send when back online…'}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart);
            setActive(0);
            resize();
            const now = Date.now();
            if (e.target.value.trim() && target?.mode !== 'edit' && now - lastTyping.current >= LIMITS.typingRepeatMs) {
              lastTyping.current = now;
              onTyping();
            }
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          className="max-h-[200px] min-h-9 flex-1 resize-none bg-transparent py-2 text-[15px] leading-6 outline-none placeholder:text-zinc-400 disabled:cursor-not-allowed dark:placeholder:text-zinc-500"
        />
        {left <= COUNTER_FROM && (
          <span className={`self-center text-xs tabular-nums ${left < 20 ? 'text-red-600 dark:text-red-400' : 'text-zinc-500'}`} aria-live="polite">
            {left}
          </span>
        )}
        <button
          type="submit"
          disabled={!usable || text.trim().length === 0}
          aria-label="Send message"
          className="inline-flex size-9 shrink-0 items-center justify-center rounded-xl bg-brand-600 text-white transition hover:bg-brand-700 disabled:bg-zinc-200 disabled:text-zinc-400 dark:disabled:bg-zinc-800 dark:disabled:text-zinc-600"
        >
          <SendIcon />
        </button>
        {choices.length > 0 && <MentionPicker id={`${hintId}-mentions`} names={choices} active={active} onPick={pick} />}
      </div>
      <p className="mt-1.5 hidden px-1 text-[11px] text-zinc-600 sm:block dark:text-zinc-400">
        Enter to send · Shift+Enter for a new line
      </p>
    </form>
  );
}
