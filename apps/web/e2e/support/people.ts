import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** Creates a room from the home page as its host; resolves with the invite link. */
export async function createRoom(
  page: Page,
  origin: string,
  opts: { name: string; room: string; duration?: '15 min' | '30 min' | '1 hour' | '2 hours'; capacity?: number },
): Promise<string> {
  await page.goto(origin);
  await page.getByLabel('Your name').fill(opts.name);
  await page.getByLabel('Room name').fill(opts.room);
  if (opts.capacity) {
    // The slider, by keyboard: Home is the smallest room (2), each arrow one more place.
    await page.getByLabel('Up to').focus();
    await page.keyboard.press('Home');
    for (let n = 2; n < opts.capacity; n++) await page.keyboard.press('ArrowRight');
  }
  await page.getByText(opts.duration ?? '30 min', { exact: true }).click();
  await page.getByRole('button', { name: 'Create room' }).click();
  await page.waitForURL(/\/r\/[A-Za-z0-9_-]{22}$/);
  await waitLive(page);
  return page.url();
}

/** Opens an invite link and joins with a name. */
export async function joinByLink(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join room' }).click();
  await waitLive(page);
}

/** Waits until the page is joined and live (the composer can be used offline too, but says so). */
export async function waitLive(page: Page): Promise<void> {
  await page.getByPlaceholder('Write a message…', { exact: true }).and(page.locator(':enabled')).waitFor();
}

export async function send(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

/** The texts of the stored messages the page shows, in order. */
export function messageTexts(page: Page): Promise<string[]> {
  return page.locator('[role=log] li[data-kind=message] [data-message-text]').allTextContents();
}

/** Waits until the page shows a stored message with exactly this text. */
export async function expectMessage(page: Page, text: string): Promise<void> {
  await expect.poll(() => messageTexts(page), { timeout: 15_000 }).toContain(text);
}
