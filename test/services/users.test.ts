import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KassaError } from '../../src/core/errors.js';
import { journalLog, verifyJournal } from '../../src/services/journal.js';
import { addUser, listUsers, lockUser, login, pinMatches, setPin, unlockUser } from '../../src/services/users.js';
import type { Clock } from '../../src/services/context.js';
import { tempStore } from '../helpers/store.js';

let store: ReturnType<typeof tempStore>;
let now = new Date('2026-11-27T10:00:00.000Z');
const clock: Clock = { now: () => now };
const ctx = () => ({ db: store.db, clock });
beforeEach(() => {
  store = tempStore();
  now = new Date('2026-11-27T10:00:00.000Z');
});
afterEach(() => store.cleanup());

function refusal(fn: () => unknown): KassaError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KassaError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('users and PINs', () => {
  it('stores a salted scrypt hash, never the PIN', () => {
    const a = addUser(ctx(), { name: 'Sanne', role: 'cashier', pin: '4821' });
    const b = addUser(ctx(), { name: 'Joost', role: 'manager', pin: '4821' });
    const hashes = store.db.prepare('SELECT pin_hash FROM users ORDER BY id').pluck().all() as string[];
    expect(hashes[0]).toMatch(/^scrypt\$16384\$8\$1\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(hashes[0]).not.toBe(hashes[1]); // salted
    expect(hashes.join()).not.toContain('4821');
    expect(pinMatches('4821', hashes[0]!)).toBe(true);
    expect(pinMatches('4822', hashes[0]!)).toBe(false);
    expect(listUsers(ctx()).map((u) => [u.id, u.name, u.role])).toEqual([
      [a.id, 'Sanne', 'cashier'],
      [b.id, 'Joost', 'manager'],
    ]);
  });

  it.each(['123', '123456789', '12a4', ''])('refuses the PIN "%s"', (pin) => {
    expect(refusal(() => addUser(ctx(), { name: 'X', role: 'cashier', pin })).code).toBe('INVALID_PIN');
    expect(listUsers(ctx())).toEqual([]);
  });

  it('five wrong PINs lock the user for five minutes; every attempt is journaled', () => {
    const u = addUser(ctx(), { name: 'Sanne', role: 'cashier', pin: '4821' });
    for (let i = 1; i <= 4; i++) {
      const e = refusal(() => login(ctx(), u.id, '0000'));
      expect(e.code).toBe('WRONG_PIN');
      expect(e.hint).toContain(`${5 - i} ${5 - i === 1 ? 'try' : 'tries'} left`);
    }
    expect(refusal(() => login(ctx(), u.id, '0000')).code).toBe('USER_LOCKED');
    // Even the right PIN is refused while locked.
    expect(refusal(() => login(ctx(), u.id, '4821')).code).toBe('USER_LOCKED');
    now = new Date(now.getTime() + 5 * 60_000 + 1);
    expect(login(ctx(), u.id, '4821').failedAttempts).toBe(0);
    const types = [...journalLog(ctx())].map((e) => e.type);
    expect(types).toEqual([
      'user.added',
      'user.login_failed',
      'user.login_failed',
      'user.login_failed',
      'user.login_failed',
      'user.login_failed',
      'user.locked',
      'user.login',
    ]);
    expect(verifyJournal(ctx()).ok).toBe(true);
  });

  it('a right PIN resets the count', () => {
    const u = addUser(ctx(), { name: 'Sanne', role: 'cashier', pin: '4821' });
    refusal(() => login(ctx(), u.id, '0000'));
    refusal(() => login(ctx(), u.id, '0000'));
    login(ctx(), u.id, '4821');
    for (let i = 0; i < 4; i++) expect(refusal(() => login(ctx(), u.id, '0000')).code).toBe('WRONG_PIN');
  });

  it('lock holds until unlock; set-pin changes the PIN', () => {
    const u = addUser(ctx(), { name: 'Sanne', role: 'cashier', pin: '4821' });
    lockUser(ctx(), u.id);
    now = new Date('2030-01-01T00:00:00.000Z');
    expect(refusal(() => login(ctx(), u.id, '4821')).code).toBe('USER_LOCKED');
    unlockUser(ctx(), u.id);
    setPin(ctx(), u.id, '97531');
    expect(refusal(() => login(ctx(), u.id, '4821')).code).toBe('WRONG_PIN');
    expect(login(ctx(), u.id, '97531').name).toBe('Sanne');
    expect(refusal(() => login(ctx(), 99, '4821')).code).toBe('USER_NOT_FOUND');
  });
});
