import { Compile } from 'typebox/compile';
import { CLIENT_MSG_ID_PATTERN, ClientFrame, type ChatMessage, type ServerFrame } from '@mugharred/protocol';

/** One checker per frame type, so an error speaks of the frame the client meant, not the union's first member. */
const checkers = new Map(ClientFrame.anyOf.map((schema) => [schema.properties.type.const as string, Compile(schema)]));
const clientFrame = Compile(ClientFrame);

/** A refused frame's clientMsgId, when it has a well-formed one: the client can tell which send failed. */
export type ParsedFrame = { ok: true; frame: ClientFrame } | { ok: false; message: string; clientMsgId?: string };

const clientMsgIdShape = new RegExp(CLIENT_MSG_ID_PATTERN);

interface SchemaError {
  keyword: string;
  instancePath: string;
  message: string;
  params?: { requiredProperties?: string[]; additionalProperties?: string[] };
}

/** The field an error is about, in the client's words: "text is missing", "roomId: must match pattern ...". */
function describe(error: SchemaError): string {
  const field = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const missing = error.params?.requiredProperties;
  if (error.keyword === 'required' && missing?.length) {
    const names = missing.map((name) => (field ? `${field}.${name}` : name));
    return `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} missing`;
  }
  return field ? `${field}: ${error.message}` : error.message;
}

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
  const checker = typeof type === 'string' ? checkers.get(type) : undefined;
  if (!checker) return { ok: false, message: 'Unknown frame type' };
  const first = checker.Errors(value)[0] as SchemaError | undefined;
  const message = `Invalid ${type as string} frame: ${first ? describe(first) : 'does not match the schema'}`;
  const clientMsgId = (value as { clientMsgId?: unknown }).clientMsgId;
  return typeof clientMsgId === 'string' && clientMsgIdShape.test(clientMsgId) ? { ok: false, message, clientMsgId } : { ok: false, message };
}

export const encode = (frame: ServerFrame): string => JSON.stringify(frame);

export const messageFrame = (roomId: string, message: ChatMessage): string =>
  encode({ type: 'room_event', roomId, event: 'message', message });
