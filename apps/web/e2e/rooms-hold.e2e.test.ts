import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP, openPerson, PHONE } from './support/browser.js';
import { createRoom, joinByLink } from './support/people.js';
import { useWorld } from './support/setup.js';

const world = useWorld();
let host: Page;
let guest: Page;
let invite: string;

beforeAll(async () => {
  host = await openPerson(world.browser, DESKTOP);
  guest = await openPerson(world.browser, PHONE);
  invite = await createRoom(host, world.stack.origin, { name: 'Amira', room: 'Rooms that hold' });
  await joinByLink(guest, invite, 'Bashir');
});

describe('a kick keeps the person out', () => {
  it('the removed guest opens the invite again, presses Join with the name prefilled, and is refused', async () => {
    const third = await openPerson(world.browser, DESKTOP);
    await joinByLink(third, invite, 'Karim');
    await host.getByRole('complementary', { name: 'People in this room' }).getByText('Karim').hover();
    await host.getByRole('button', { name: 'Remove Karim' }).click();
    await host.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => third.getByRole('heading', { name: 'You were removed from this room' }).isVisible()).toBe(true);
    expect(await third.getByText('You cannot rejoin it with this invite').isVisible()).toBe(true);

    await third.goto(invite);
    expect(await third.getByLabel('Your name').inputValue()).toBe('Karim');
    await third.getByRole('button', { name: 'Join room' }).click();
    await expect.poll(() => third.getByText('The host removed you from this room.').isVisible()).toBe(true);
    expect(await third.getByLabel('Message', { exact: true }).count()).toBe(0);
    // Another name changes nothing: the browser is still the person who was removed.
    await third.getByLabel('Your name').fill('Someone else');
    await third.getByRole('button', { name: 'Join room' }).click();
    await expect.poll(() => third.getByText('The host removed you from this room.').isVisible()).toBe(true);
    expect(await third.getByLabel('Message', { exact: true }).count()).toBe(0);
    await third.context().close();
  });
});
