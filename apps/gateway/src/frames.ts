import { Compile } from 'typebox/compile';
import { CLIENT_FRAME_TYPES, ClientFrame, type ChatMessage, type ServerFrame } from '@mugharred/protocol';

const clientFrame = Compile(ClientFrame);

export type ParsedFrame = { ok: true; frame: ClientFrame } | { ok: false; message: string };

/** Parses and validates one inbound text frame; nothing else touches a frame before this. */
export function parseClientFrame(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'Frame is not valid JSON' };
  }
  if (clientFrame.Check(value)) return { ok: true, frame: value };
  const type = (value as { type?: unknown } | null)?.type;
  const first = clientFrame.Errors(value)[0];
  const where = first?.instancePath ? ` at ${first.instancePath}` : '';
  return {
    ok: false,
    message:
      typeof type === 'string' && (CLIENT_FRAME_TYPES as readonly string[]).includes(type)
        ? `Invalid ${type} frame${where}: ${first?.message ?? 'does not match the schema'}`
        : 'Unknown frame type',
  };
}

export const encode = (frame: ServerFrame): string => JSON.stringify(frame);

export const messageFrame = (roomId: string, message: ChatMessage): string =>
  encode({ type: 'room_event', roomId, event: 'message', message });
