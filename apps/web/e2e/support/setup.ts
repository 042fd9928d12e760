import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { startStack, type Stack } from './stack.js';

export interface World {
  stack: Stack;
  browser: Browser;
}

/** Starts the whole stack and a browser before a file's tests and stops both after; `env` goes to every service. */
export function useWorld(env: Record<string, string> = {}): World {
  const world = {} as World;
  beforeAll(async () => {
    world.stack = await startStack(env);
    world.browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await world.browser?.close();
    await world.stack?.stop();
  });
  return world;
}
