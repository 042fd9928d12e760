import { describe, expect, it } from 'vitest';
import { DESKTOP, openPerson, PHONE, snap } from './support/browser.js';
import { createRoom, expectMessage, joinByLink, send } from './support/people.js';
import { useWorld } from './support/setup.js';

// One room "minute" is one second: a 15-minute room lasts 15 s, and the worker's real jobs expire it.
const world = useWorld({ ROOM_MINUTE_MS: '1000' });

const remainingSeconds = (text: string) => {
  const [m, s] = text.trim().split(':').map(Number);
  return m! * 60 + s!;
};

describe('a room running out of time', () => {
  it('counts down with a warning, then shows everyone the expired screen, and the link leads nowhere', async () => {
    const host = await openPerson(world.browser, DESKTOP);
    const guest = await openPerson(world.browser, PHONE);
    const invite = await createRoom(host, world.stack.origin, { name: 'Amira', room: 'Quick sync', duration: '15 min' });
    await joinByLink(guest, invite, 'Bashir');
    await send(guest, 'before the end');
    await expectMessage(host, 'before the end');

    const timer = host.getByRole('timer');
    const first = remainingSeconds(await timer.innerText());
    expect(first).toBeLessThanOrEqual(15);
    await expect.poll(async () => remainingSeconds(await timer.innerText())).toBeLessThan(first);
    // Inside the last five minutes from the start: the countdown is a warning, said once in words.
    expect(await host.getByText(/This room closes in less than a minute/).isVisible()).toBe(true);
    expect(await guest.getByText(/This room closes in less than a minute/).isVisible()).toBe(true);
    await snap(host, 'countdown-warning-desktop');
    await snap(guest, 'countdown-warning-phone-dark');

    for (const page of [host, guest]) {
      await expect
        .poll(() => page.getByRole('heading', { name: 'This room has expired' }).isVisible(), { timeout: 30_000 })
        .toBe(true);
    }
    expect(await guest.getByText('The time for “Quick sync” ran out').isVisible()).toBe(true);
    await snap(host, 'expired-desktop');
    await snap(guest, 'expired-phone-dark');

    // Nothing is left: the invite link says so, and a reload does not bring the room back.
    const late = await openPerson(world.browser, DESKTOP);
    await late.goto(invite);
    await expect.poll(() => late.getByRole('heading', { name: 'This room has expired' }).isVisible()).toBe(true);
    await snap(late, 'invite-gone');
    await host.reload();
    await expect.poll(() => host.getByRole('heading', { name: 'This room has expired' }).isVisible()).toBe(true);
  }, 90_000);
});
