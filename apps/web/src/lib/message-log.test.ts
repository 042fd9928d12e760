import type { ChatMessage, MessageChangeEvent } from '@mugharred/protocol';
import { describe, expect, it } from 'vitest';
import { applyChanges, emptyLog, lastPosition, mergeInto, replaceLog } from './message-log.js';

const msg = (seq: number, epoch = 'e1'): ChatMessage => ({
  id: `${epoch}-${seq}`,
  epoch,
  seq,
  userId: 'AAAAAAAAAAAAAAAAAAAAAA',
  name: 'Amira',
  text: `message ${seq}`,
  ts: 1000 + seq,
});

describe('message log', () => {
  it('keeps each message once, in seq order, whatever order and however often they arrive', () => {
    let log = emptyLog('e1');
    for (const seq of [1, 2, 5, 3, 2, 4, 5, 1]) log = mergeInto(log, [msg(seq)]);
    expect(log.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('appends a recovered batch that overlaps what it holds without duplicates', () => {
    const log = mergeInto(replaceLog('e1', [msg(1), msg(2), msg(3)]), [msg(3), msg(4), msg(5)]);
    expect(log.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(lastPosition(log)).toEqual({ epoch: 'e1', seq: 5 });
  });

  it('keeps the messages from before a history reset in their place, and recovers in the new epoch', () => {
    // After a reset (close 4005) the snapshot holds older messages of the old epoch and newer ones of the new.
    const log = replaceLog('e2', [msg(1, 'e1'), msg(3, 'e2'), msg(2, 'e1')]);
    expect(log.messages.map((m) => m.id)).toEqual(['e1-1', 'e1-2', 'e2-3']);
    expect(lastPosition(mergeInto(log, [msg(4, 'e2')]))).toEqual({ epoch: 'e2', seq: 4 });
  });

  it('returns the same log when nothing new arrives, so subscribers do not re-render', () => {
    const log = replaceLog('e1', [msg(1), msg(2)]);
    expect(mergeInto(log, [])).toBe(log);
    expect(mergeInto(log, [msg(2), msg(1)])).toBe(log);
  });

  it('has no position to recover from while empty', () => {
    expect(lastPosition(emptyLog('e1'))).toBeUndefined();
  });

  it('applies changes in seq order, each replacing the message it carries, and recovers from the newest event', () => {
    const edit = (seq: number, target: ChatMessage, text: string): MessageChangeEvent => ({
      type: 'room_event',
      roomId: 'AAAAAAAAAAAAAAAAAAAAAA',
      event: 'message_edited',
      seq,
      message: { ...target, text, editedAt: 2000 + seq },
    });
    const log = mergeInto(replaceLog('e1', [msg(1), msg(2)]), [msg(4)]);
    // Arriving out of order (a recovered batch), the newer edit still wins.
    const changed = applyChanges(log, [edit(5, msg(2), 'second edit'), edit(3, msg(2), 'first edit')]);
    expect(changed.messages.map((m) => m.text)).toEqual(['message 1', 'second edit', 'message 4']);
    expect(lastPosition(changed)).toEqual({ epoch: 'e1', seq: 5 });
    // A change to a message older than the log's snapshot moves the position only.
    const older = applyChanges(replaceLog('e1', [msg(7)]), [edit(8, msg(6), 'not held')]);
    expect(older.messages.map((m) => m.seq)).toEqual([7]);
    expect(older.seq).toBe(8);
    // A change to a message the log holds under that seq from another history (before a reset) is not applied.
    const other = applyChanges(replaceLog('e2', [msg(7, 'e2')]), [edit(9, msg(7, 'e1'), 'lost one')]);
    expect(other.messages.map((m) => m.text)).toEqual(['message 7']);
  });
});
