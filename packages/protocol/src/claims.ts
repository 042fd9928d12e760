import { Type, type Static } from 'typebox';
import { Id, Role } from './room.js';

export const TOKEN_ISSUER = 'mugharred';
export const TOKEN_AUDIENCE = 'mugharred';
export const TOKEN_ALGORITHM = 'HS256';
export const TOKEN_TTL_SECONDS = 3600;

/** Claims of a login token: who the user is. */
export const UserClaims = Type.Object({ sub: Id, name: Type.String() });
/** Claims of a room token: who, in which room, as what. Only room tokens open a WebSocket. */
export const RoomClaims = Type.Object({ sub: Id, name: Type.String(), roomId: Id, role: Role });
export const TokenClaims = Type.Object({
  sub: Id,
  name: Type.String(),
  roomId: Type.Optional(Id),
  role: Type.Optional(Role),
});
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
