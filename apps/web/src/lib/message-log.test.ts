import type { ChatMessage } from '@mugharred/protocol';
import { describe, expect, it } from 'vitest';
import { emptyLog, lastPosition, mergeInto, replaceLog } from './message-log.js';

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

  it('ignores messages of another epoch', () => {
    const log = mergeInto(replaceLog('e1', [msg(1)]), [msg(2, 'e2')]);
    expect(log.messages.map((m) => m.id)).toEqual(['e1-1']);
  });

  it('returns the same log when nothing new arrives, so subscribers do not re-render', () => {
    const log = replaceLog('e1', [msg(1)]);
    expect(mergeInto(log, [])).toBe(log);
    expect(mergeInto(log, [msg(7, 'other')])).toBe(log);
  });

  it('has no position to recover from while empty', () => {
    expect(lastPosition(emptyLog('e1'))).toBeUndefined();
  });
});
