import { afterAll, beforeAll, vi } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { startStack, type Stack } from './stack.js';

export interface World {
  stack: Stack;
  browser: Browser;
}

/** Starts the whole stack and a browser before a file's tests and stops both after; `env` goes to every service. */
export function useWorld(env: Record<string, string> = {}): World {
  // A page under a loaded machine may take seconds to show a change; vitest's default poll gives up after 1 s.
  // Browser journeys on a busy 2-core machine get a minute each.
  vi.setConfig({ testTimeout: 60_000, expect: { poll: { timeout: 15_000, interval: 100 } } });
  const world = {} as World;
  beforeAll(async () => {
    // Chromium starts while the services do: neither needs the other until the first page opens.
    const [stack, browser] = await Promise.allSettled([startStack(env), launchBrowser()]);
    if (stack.status === 'fulfilled') world.stack = stack.value;
    if (browser.status === 'fulfilled') world.browser = browser.value;
    for (const started of [stack, browser]) if (started.status === 'rejected') throw started.reason;
  }, 60_000);
  afterAll(async () => {
    await world.browser?.close();
    await world.stack?.stop();
  });
  return world;
}
