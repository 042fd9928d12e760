import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath } from './chromium-flags.mjs';

const artifacts = fileURLToPath(new URL('../../../../test-artifacts/web/', import.meta.url));

/** Debian's Chromium, headless, with the flags that work on this machine (../shared/notes/janus.md). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_FLAGS });
}

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, colorScheme: 'light' };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  colorScheme: 'dark',
};

/** A person: their own browser context (cookies, storage) and one page. */
export async function openPerson(browser: Browser, options: BrowserContextOptions = DESKTOP): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** Saves a screenshot under test-artifacts/web/ (gitignored) for a person to look at. */
export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  // Entrance animations are finished first, so the picture shows the screen as it settles.
  await page.screenshot({ path: `${artifacts}${name}.png`, animations: 'disabled' });
}
