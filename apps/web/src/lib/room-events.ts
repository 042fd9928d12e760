import { LIMITS } from '@mugharred/protocol/constants';
import type { HostChangedEvent, RoomEventFrame, TypingEvent } from '@mugharred/protocol';
import { formatTime } from './format.js';
import { applyChanges, mergeInto } from './message-log.js';
import type { EndReason, Notice, RoomState, Typist } from './room-state.js';

type LiveEvent = Exclude<RoomEventFrame, { event: 'joined' }>;

/** What a room event (other than `joined`) changes in a tab's state, and whether the tab must stop. */
export function applyRoomEvent(
  state: RoomState,
  frame: LiveEvent,
  myUserId: string,
): { patch: Partial<RoomState>; end?: EndReason } {
  const withNotice = (text: string): Partial<RoomState> => ({ notices: appendNotice(state.notices, text) });
  switch (frame.event) {
    case 'message':
      return {
        patch: { log: mergeInto(state.log, [frame.message]), typing: state.typing.filter((t) => t.id !== frame.message.userId) },
      };
    case 'message_edited':
    case 'message_deleted':
    case 'reaction_added':
    case 'reaction_removed':
      return { patch: { log: applyChanges(state.log, [frame]) } };
    case 'typing':
      return { patch: { typing: noteTypists(state.typing, frame.users, myUserId) } };
    case 'participant_joined':
      return { patch: frame.participant.id === myUserId ? {} : withNotice(`${frame.participant.name} joined`) };
    case 'participant_left':
      // Offline is not news (a reload or a tunnel); kicks get their own line from the `kicked` event.
      return { patch: frame.reason === 'left' ? withNotice(`${frame.participant.name} left`) : {} };
    case 'locked':
      return { patch: { room: state.room && { ...state.room, isLocked: true }, ...withNotice('The host locked the room') } };
    case 'unlocked':
      return { patch: { room: state.room && { ...state.room, isLocked: false }, ...withNotice('The host unlocked the room') } };
    case 'kicked':
      if (frame.userId === myUserId) return { patch: {}, end: 'kicked' };
      return { patch: withNotice(`${frame.name} was removed by the host`) };
    case 'expiring':
      return { patch: { expiringAt: frame.expiresAt } };
    case 'extended':
      return {
        patch: {
          room: state.room && { ...state.room, expiresAt: frame.expiresAt },
          expiringAt: null,
          ...withNotice(`The host added time: the room now closes at ${formatTime(frame.expiresAt)}`),
        },
      };
    case 'host_changed':
      return {
        patch: {
          room: state.room && { ...state.room, hostId: frame.hostId },
          ...withNotice(hostChangeNotice(frame, myUserId)),
        },
      };
    case 'lobby':
      return { patch: { lobby: { on: frame.on, waiting: frame.waiting }, room: state.room && { ...state.room, lobby: frame.on } } };
    case 'invite_people':
      return { patch: { room: state.room && { ...state.room, showPeople: frame.on } } };
    case 'expired':
      return { patch: {}, end: 'expired' };
    case 'ended':
      return { patch: {}, end: 'ended' };
  }
}

function hostChangeNotice(frame: HostChangedEvent, myUserId: string): string {
  const who = frame.hostId === myUserId ? 'You are now the host' : `${frame.name} is now the host`;
  if (frame.reason === 'left') return `The host left. ${who}`;
  if (frame.reason === 'offline') return `The host went offline. ${who}`;
  return who;
}

/** Typists still shown, with those in the frame (not this user) shown for another LIMITS.typingShownMs. */
function noteTypists(typing: readonly Typist[], users: TypingEvent['users'], myUserId: string): readonly Typist[] {
  const now = Date.now();
  const until = now + LIMITS.typingShownMs;
  const fresh = users.filter((u) => u.id !== myUserId);
  const kept = typing.filter((t) => t.until > now && !fresh.some((u) => u.id === t.id));
  return [...kept, ...fresh.map((u) => ({ id: u.id, name: u.name, until }))];
}

let noticeCounter = 0;

function appendNotice(notices: readonly Notice[], text: string): readonly Notice[] {
  noticeCounter += 1;
  return [...notices, { id: `notice-${noticeCounter}`, ts: Date.now(), text }].slice(-100);
}
