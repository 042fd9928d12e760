import { api, ApiError } from './api.js';
import { readToken } from './jwt.js';

const IDENTITY_KEY = 'mugharred:identity';
/** A login token with less than this left is renewed before it is used, and by the keeper below. */
const RENEW_BELOW_MS = 30 * 60_000;
/** How often an open tab checks that the identity has not run low. */
const KEEP_EVERY_MS = 10 * 60_000;

/**
 * Who this browser is: one login token, kept for as long as the browser keeps it fresh, and sent on every create
 * and join. The rooms API records kicks by user id; joining as the logged-in person (never as a fresh identity
 * minted by the invite link) is what keeps a kicked person out when they open the link again.
 */
export async function identityToken(name: string): Promise<string> {
  const token = storedToken();
  const left = token ? (readToken(token)?.expiresAt ?? 0) - Date.now() : 0;
  if (token && left > RENEW_BELOW_MS) return token;
  if (token && left > 0) {
    const renewed = await renew(token);
    if (renewed) return renewed;
  }
  const { token: fresh } = await api.login(name.trim());
  save(fresh);
  return fresh;
}

/** Renews the stored identity whenever it runs low while a tab is open; a background tab catches up when shown. */
export function keepIdentityFresh(): void {
  const check = () => {
    const token = storedToken();
    const info = token ? readToken(token) : null;
    if (token && info && info.expiresAt > Date.now() && info.expiresAt - Date.now() < RENEW_BELOW_MS) void renew(token);
  };
  check();
  setInterval(check, KEEP_EVERY_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
}

async function renew(token: string): Promise<string | null> {
  try {
    const { token: fresh } = await api.refresh(token);
    save(fresh);
    return fresh;
  } catch (err) {
    // Only a token the server refuses is dropped; a network failure keeps it for the next try.
    if (err instanceof ApiError && err.status === 401) forget();
    return null;
  }
}

function storedToken(): string | null {
  try {
    return localStorage.getItem(IDENTITY_KEY);
  } catch {
    return null;
  }
}

function save(token: string): void {
  try {
    localStorage.setItem(IDENTITY_KEY, token);
  } catch {
    // Without storage the identity lives as long as this call; the server still sees one person per join.
  }
}

function forget(): void {
  try {
    localStorage.removeItem(IDENTITY_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}
