import type { LobbyState, Participant, Room } from '@mugharred/protocol';
import type { MessageLog } from './message-log.js';

/**
 * connecting: first connection of this tab; open: joined and live; reconnecting: lost, retrying with backoff;
 * ended: this tab will not reconnect (see `end`).
 */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'ended';

/** Why a tab stopped for good. */
export type EndReason = 'kicked' | 'ended' | 'expired' | 'gone' | 'left' | 'session_expired' | 'refused' | 'origin_refused';

/** A message this tab sent that the room has not stored yet (or refused). */
export interface PendingMessage {
  clientMsgId: string;
  text: string;
  /** Seq of the message this one replies to. */
  replyTo?: number;
  ts: number;
  /** Set by the ack; the entry goes away once the stored message with this id is in the log. */
  id?: string;
  failed?: string;
}

/** Someone else typing, shown until `until` (Unix ms) unless they say so again. */
export interface Typist {
  id: string;
  name: string;
  until: number;
}

/** A line about the room itself ("Sara joined"), shown among the messages at the time it happened. */
export interface Notice {
  id: string;
  ts: number;
  text: string;
}

export interface RoomState {
  status: ConnectionStatus;
  /** When the next reconnect attempt starts (Unix ms), while reconnecting. */
  retryAt: number | null;
  room: Room | null;
  log: MessageLog;
  participants: readonly Participant[];
  pending: readonly PendingMessage[];
  notices: readonly Notice[];
  typing: readonly Typist[];
  /** The lobby as the last `lobby` event told it (null before any: the host's panel asks the API). */
  lobby: LobbyState | null;
  /** Set by the room's `expiring` warning. */
  expiringAt: number | null;
  end: EndReason | null;
  /** A short-lived problem to show near the composer (e.g. rate limited). */
  notice: string | null;
}
