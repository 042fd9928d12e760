import { Type, type Static } from 'typebox';
import { Id, Role } from './room.js';

export const TOKEN_ISSUER = 'mugharred';
export const TOKEN_AUDIENCE = 'mugharred';
export const TOKEN_ALGORITHM = 'HS256';
export const TOKEN_TTL_SECONDS = 3600;

/**
 * Every token names its kind, and the kinds are mutually exclusive (RFC 8725 3.11-3.12): a login token is never
 * taken for a room token or the other way round, and a future kind cannot be mistaken for either. A verifier
 * refuses a token without `kind`, `exp`, `iss` or `aud` (TOKEN_REQUIRED_CLAIMS).
 */
export const TOKEN_KINDS = ['login', 'room'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];
export const TOKEN_REQUIRED_CLAIMS = ['exp', 'iss', 'aud', 'kind'] as const;

/** Claims of a login token: who the user is. */
export const UserClaims = Type.Object({ kind: Type.Literal('login'), sub: Id, name: Type.String() }, { additionalProperties: true });
/** Claims of a room token: who, in which room, as what. Only room tokens open a WebSocket. */
export const RoomClaims = Type.Object(
  { kind: Type.Literal('room'), sub: Id, name: Type.String(), roomId: Id, role: Role },
  { additionalProperties: true },
);
export const TokenClaims = Type.Union([UserClaims, RoomClaims]);
export type UserClaims = Static<typeof UserClaims>;
export type RoomClaims = Static<typeof RoomClaims>;
export type TokenClaims = Static<typeof TokenClaims>;

/** Registered claims the signer adds; present on every verified token. */
export interface VerifiedClaims {
  iat: number;
  exp: number;
  iss: string;
  aud: string;
}
