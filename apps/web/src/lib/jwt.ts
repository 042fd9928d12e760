import type { Role } from '@mugharred/protocol';

/** The claims the client reads from its own token. Unverified: the server checks every token it receives. */
export interface TokenInfo {
  userId: string;
  name: string;
  roomId?: string;
  role?: Role;
  /** Unix milliseconds. */
  expiresAt: number;
}

export function readToken(token: string): TokenInfo | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return null;
    return {
      userId: claims.sub,
      name: typeof claims.name === 'string' ? claims.name : '',
      roomId: typeof claims.roomId === 'string' ? claims.roomId : undefined,
      role: claims.role === 'host' || claims.role === 'participant' ? claims.role : undefined,
      expiresAt: claims.exp * 1000,
    };
  } catch {
    return null;
  }
}
