import type { DeliveryOutcome } from './worker-protocol.js';

const ACKED = 1;
const REFUSED = 2;

/** What one generator process learned about its messages (see DeliveryStats); every figure is counted here. */
export type LedgerReport = { [K in keyof DeliveryOutcome]: number } & {
  sent: number;
  expectedMeasured: number;
  receivedMeasured: number;
};

/**
 * Per-message bookkeeping of one generator process. Message n (its index here, carried in the text and as
 * clientMsgId) owes one delivery to each member of its room, the sender included, unless the server refused it.
 */
export class Ledger {
  private readonly sizes: number[] = [];
  private readonly got: number[] = [];
  private readonly flags: number[] = [];
  /** Per message: the sender's server, the room's members on it and deliveries received there (the rest: others). */
  private readonly senderServer: number[] = [];
  private readonly membersOnSender: number[] = [];
  private readonly gotOnSender: number[] = [];
  /** Index of the first message sent in the measured window. */
  firstMeasured = Number.POSITIVE_INFINITY;
  /**
   * Deliveries still missing for messages that were not refused (the drain waits for 0), and all deliveries
   * received (its progress). A message refused after some deliveries arrived owes nothing more.
   */
  outstanding = 0;
  received = 0;

  record(roomSize: number, membersOnSenderServer: number, senderServer: number): number {
    this.sizes.push(roomSize);
    this.got.push(0);
    this.flags.push(0);
    this.senderServer.push(senderServer);
    this.membersOnSender.push(membersOnSenderServer);
    this.gotOnSender.push(0);
    this.outstanding += roomSize;
    return this.sizes.length - 1;
  }

  delivered(n: number, server: number): void {
    if (n >= 0 && n < this.got.length) {
      if (this.got[n]! < this.sizes[n]! && !(this.flags[n]! & REFUSED)) this.outstanding--;
      this.got[n]!++;
      if (server === this.senderServer[n]) this.gotOnSender[n]!++;
    }
    this.received++;
  }

  acked(n: number): void {
    if (n >= 0 && n < this.flags.length) this.flags[n]! |= ACKED;
  }

  refused(n: number): void {
    if (!(n >= 0 && n < this.flags.length) || this.flags[n]! & REFUSED) return;
    this.flags[n]! |= REFUSED;
    this.outstanding -= Math.max(0, this.sizes[n]! - this.got[n]!);
  }

  get sent(): number {
    return this.sizes.length;
  }

  report(): LedgerReport {
    const r: LedgerReport = {
      sent: this.sent,
      expectedMeasured: 0,
      receivedMeasured: 0,
      lost: 0,
      lostAcked: 0,
      lostAckedSameServer: 0,
      lostAckedOtherServer: 0,
      duplicates: 0,
      refused: 0,
      refusedButDelivered: 0,
      unanswered: 0,
    };
    this.sizes.forEach((size, n) => {
      const got = this.got[n]!;
      const flags = this.flags[n]!;
      if (flags & REFUSED) {
        r.refused++;
        if (got > 0) r.refusedButDelivered++;
      } else {
        const missing = Math.max(0, size - got);
        r.lost += missing;
        if (flags & ACKED) {
          r.lostAcked += missing;
          const onSender = this.membersOnSender[n]!;
          r.lostAckedSameServer += Math.max(0, onSender - this.gotOnSender[n]!);
          r.lostAckedOtherServer += Math.max(0, size - onSender - (got - this.gotOnSender[n]!));
        } else r.unanswered++;
        if (n >= this.firstMeasured) r.expectedMeasured += size;
      }
      r.duplicates += Math.max(0, got - size);
      if (n >= this.firstMeasured) r.receivedMeasured += got;
    });
    return r;
  }
}
