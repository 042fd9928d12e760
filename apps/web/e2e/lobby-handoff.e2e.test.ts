import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { axeCollector } from './support/axe.js';
import { DESKTOP, openPerson, PHONE } from './support/browser.js';
import { CHROMIUM_FLAGS, chromiumPath } from './support/chromium-flags.mjs';
import { createRoom, joinByLink, waitLive } from './support/people.js';
import { useWorld } from './support/setup.js';
import { launchVoiceBrowser } from './voice/voice-pages.mjs';
import { writeToneWav } from './voice/tone-wav.mjs';

// A short presence grace, so a host who goes away is replaced within the test's patience.
const world = useWorld({ PRESENCE_GRACE_MS: '1500' });
const a11y = axeCollector();
let host: Page;
let invite: string;
/** Bashir (desktop) and Layla (phone) get in through the lobby and stay for the handoff. */
let bashir: Page;
let layla: Page;

beforeAll(async () => {
  host = await openPerson(world.browser, DESKTOP);
  invite = await createRoom(host, world.stack.origin, { name: 'Amira', room: 'Knock first', capacity: 6 });
});

const press = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).click();
/** The host's "Who gets in" options, in the people panel. */
const option = (page: Page, name: string) =>
  page.getByRole('complementary', { name: 'People in this room' }).getByRole('checkbox', { name: new RegExp(`^${name}`) });
const lobbyPanel = (page: Page) => page.getByRole('complementary', { name: 'People in this room' }).getByRole('region', { name: /Asking to enter/ });

describe('the invite page with context', () => {
  it('names the host, says whether there is voice, and who is inside only once the host shows it', async () => {
    const page = await openPerson(world.browser, PHONE);
    await page.goto(invite);
    await expect.poll(() => page.getByText('Hosted by Amira').isVisible()).toBe(true);
    expect(await page.getByRole('list', { name: 'About this room' }).getByText('Chat only').isVisible()).toBe(true);
    expect(await page.getByRole('list', { name: 'Inside now' }).count()).toBe(0);

    await option(host, 'Names on invite').click();
    await expect.poll(() => option(host, 'Names on invite').isChecked()).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByRole('list', { name: 'Inside now' }).getByRole('listitem').allTextContents()).toEqual(['Amira']);
    await a11y.check(page, 'invite with host and people, phone dark');
    await page.context().close();
  });
});

describe('the lobby', () => {
  it('the host admits one by one: the asker waits with their name shown to the host, who admits them', async () => {
    await option(host, 'Admit one by one').click();
    await expect.poll(() => option(host, 'Admit one by one').isChecked()).toBe(true);

    bashir = await openPerson(world.browser, DESKTOP);
    await bashir.goto(invite);
    await bashir.getByLabel('Your name').fill('Bashir');
    await bashir.getByText('The host lets people in one by one', { exact: false }).waitFor();
    await press(bashir, 'Ask to enter');
    await bashir.getByRole('heading', { name: 'Waiting for the host to let you in' }).waitFor();
    await a11y.check(bashir, 'waiting in the lobby, desktop light');

    const panel = lobbyPanel(host);
    await expect.poll(() => panel.getByText('Bashir').isVisible()).toBe(true);
    await a11y.check(host, 'room with someone asking, desktop light');
    await press(host, 'Admit Bashir');
    await waitLive(bashir);
    await expect.poll(() => host.getByText('Bashir joined').isVisible()).toBe(true);
    await expect.poll(() => panel.count()).toBe(0);
  });

  it('a declined asker is told so on the invite page', async () => {
    const karim = await openPerson(world.browser, DESKTOP);
    await karim.goto(invite);
    await karim.getByLabel('Your name').fill('Karim');
    await press(karim, 'Ask to enter');
    await karim.getByRole('heading', { name: 'Waiting for the host to let you in' }).waitFor();
    await expect.poll(() => lobbyPanel(host).getByText('Karim').isVisible()).toBe(true);
    await press(host, 'Decline Karim');
    await expect.poll(() => karim.getByText('The host did not let you in.').isVisible()).toBe(true);
    expect(await karim.getByLabel('Message', { exact: true }).count()).toBe(0);
    await a11y.check(karim, 'declined, desktop light');
    await karim.context().close();
  });

  it('a locked room offers to ask to enter, and the host lets the asker in through the lock', async () => {
    await option(host, 'Admit one by one').click();
    await expect.poll(() => option(host, 'Admit one by one').isChecked()).toBe(false);
    await press(host, 'Lock room');
    await expect.poll(() => host.getByRole('button', { name: 'Unlock room' }).isVisible()).toBe(true);

    layla = await openPerson(world.browser, PHONE);
    await layla.goto(invite);
    await layla.getByText('The host has locked this room. You can ask to enter', { exact: false }).waitFor();
    expect(await layla.getByRole('button', { name: 'Join room' }).count()).toBe(0);
    await a11y.check(layla, 'locked invite with ask to enter, phone dark');
    await layla.getByLabel('Your name').fill('Layla');
    await press(layla, 'Ask to enter');
    await layla.getByRole('heading', { name: 'Waiting for the host to let you in' }).waitFor();
    await expect.poll(() => lobbyPanel(host).getByText('Layla').isVisible()).toBe(true);
    await press(host, 'Admit Layla');
    await waitLive(layla);
    await press(host, 'Unlock room');
  });
});

describe('automatic host handoff', () => {
  it('the host goes offline past the grace: the longest-present member becomes host, and everyone sees it', async () => {
    await host.context().close();
    await expect.poll(() => bashir.getByText('The host went offline. You are now the host').isVisible()).toBe(true);
    await expect.poll(() => layla.getByText('The host went offline. Bashir is now the host').isVisible()).toBe(true);
    await expect.poll(() => bashir.getByRole('button', { name: 'End room' }).isVisible()).toBe(true);
    const people = bashir.getByRole('complementary', { name: 'People in this room' });
    expect(await people.getByRole('listitem').filter({ hasText: 'Bashir' }).getByText('Host').isVisible()).toBe(true);
  });

  it('the new host leaves: the next longest-present member takes over at once', async () => {
    await press(bashir, 'Leave');
    await expect.poll(() => layla.getByText('The host left. You are now the host').isVisible()).toBe(true);
    await layla.getByRole('button', { name: /People and room options/ }).click();
    const drawer = layla.getByRole('dialog', { name: 'Room' });
    await expect.poll(() => drawer.getByRole('button', { name: 'End room' }).isVisible()).toBe(true);
    await a11y.check(layla, 'people drawer of a new host, phone dark');
    await layla.keyboard.press('Escape');
  });
});

describe('the microphone check', () => {
  let media: Browser;
  afterAll(() => media?.close());

  it('lists the microphones, moves its level meter with sound, and keeps the choice', async () => {
    const wav = join(mkdtempSync(join(tmpdir(), 'mic-check-')), 'tone.wav');
    writeToneWav(wav, { toneMs: 2000, silenceMs: 200 });
    media = await launchVoiceBrowser(wav);
    const page = await openPerson(media, DESKTOP);
    await joinByLink(page, invite, 'Nadia');
    await press(page, 'Check microphone');
    const dialog = page.getByRole('dialog', { name: 'Check your microphone' });
    const select = dialog.getByLabel('Microphone', { exact: true });
    await expect.poll(() => select.locator('option').count()).toBeGreaterThan(0);
    const meter = dialog.getByRole('meter', { name: 'Microphone level' });
    await expect.poll(async () => Number(await meter.getAttribute('aria-valuenow'))).toBeGreaterThan(30);
    const chosen = await select.inputValue();
    expect(chosen).not.toBe('');
    await select.selectOption(chosen);
    expect(await page.evaluate(() => localStorage.getItem('mugharred:microphone'))).toBe(chosen);
    await a11y.check(page, 'microphone check, desktop light');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.context().close();
  });

  it('explains a microphone the browser blocked, with a way to try again', async () => {
    const blocking = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: [...CHROMIUM_FLAGS, '--use-fake-device-for-media-stream', '--deny-permission-prompts'],
    });
    try {
      const page = await openPerson(blocking, PHONE);
      await joinByLink(page, invite, 'Omar');
      await press(page, 'Check microphone');
      const dialog = page.getByRole('dialog', { name: 'Check your microphone' });
      await expect.poll(() => dialog.getByRole('alert').innerText()).toContain('Microphone access is blocked');
      expect(await dialog.getByRole('alert').innerText()).toContain('set Microphone to Allow');
      expect(await dialog.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
      await a11y.check(page, 'microphone blocked, phone dark');
    } finally {
      await blocking.close();
    }
  });
});

describe('accessibility', () => {
  it('has no serious or critical axe findings on any new screen', () => {
    expect(a11y.findings).toEqual({});
  });
});
