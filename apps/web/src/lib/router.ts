import { useSyncExternalStore } from 'react';

/** A two-route app needs no router library: the path is the state, history is the store. */
const NAVIGATE_EVENT = 'mugharred:navigate';

export function navigate(path: string, { replace = false } = {}): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
  window.scrollTo(0, 0);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => location.pathname);
}

export type Route = { name: 'home' } | { name: 'room'; roomId: string } | { name: 'not-found' };

export function matchRoute(path: string): Route {
  if (path === '/') return { name: 'home' };
  // Any code, so a mistyped or cut link reaches the invite page, which says what is wrong with it.
  const room = /^\/r\/([^/]{1,128})\/?$/.exec(path);
  if (room) return { name: 'room', roomId: room[1]! };
  return { name: 'not-found' };
}

export const inviteUrl = (roomId: string) => `${location.origin}/r/${roomId}`;
