import { LIMITS, type ErrorCode, type MessageChangeFrame } from '@mugharred/protocol';
import type { ChangeRefusal } from '@mugharred/redis-schema';

const minutes = (ms: number) => Math.round(ms / 60_000);

/** The words of an `error` frame for a refused change, naming the limit when one was reached. */
export function describeChangeRefusal(code: ChangeRefusal, frame: MessageChangeFrame, limit?: string): { code: ErrorCode; message: string } {
  switch (code) {
    case 'not_author':
      return {
        code,
        message:
          frame.type === 'delete_message'
            ? 'Only its author or the host can delete this message'
            : 'Only its author can edit this message',
      };
    case 'message_not_found':
      return { code, message: `Message ${frame.seq} is not in this room's kept history` };
    case 'message_deleted':
      return { code, message: `Message ${frame.seq} was deleted` };
    case 'edit_window_passed':
      return { code, message: `Messages can be edited for ${minutes(LIMITS.editWindowMs)} minutes after sending (limit editWindowMs)` };
    case 'too_many_reactions':
      return {
        code,
        message:
          limit === 'reactionsPerPerson'
            ? `One person can add at most ${LIMITS.reactionsPerPerson} reactions to a message (limit reactionsPerPerson)`
            : `A message can have at most ${LIMITS.reactionsPerMessage} different reactions (limit reactionsPerMessage)`,
      };
    case 'not_member':
      return { code, message: 'You are no longer in this room' };
    case 'room_not_found':
      return { code, message: 'This room has ended or does not exist' };
  }
}
