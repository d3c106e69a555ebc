import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { KassaError } from '../core/errors.js';
import { LOCK_MINUTES, MAX_FAILED_LOGINS, pinProblem } from '../core/pin.js';
import { allUsers, insertUser, setLoginState, setPinHash, userById, type Role, type UserRow } from '../db/users.js';
import type { Ctx } from './context.js';
import { appendJournal } from './journal.js';

export type { Role };
export const ROLES: readonly Role[] = ['cashier', 'manager', 'admin'];

/** What the rest of Kassa sees of a user: never the PIN hash. */
export interface User {
  id: number;
  name: string;
  role: Role;
  failedAttempts: number;
  lockedUntil: string | null;
}

// scrypt cost: about 30 ms a login on a small till, which is nothing at a
// login and a lot for someone trying all 10,000 four-digit PINs offline.
const N = 16384;
const R = 8;
const P = 1;

export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, 32, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('hex')}$${hash.toString('hex')}`;
}

export function pinMatches(pin: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'hex');
  const actual = scryptSync(pin, Buffer.from(salt, 'hex'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

function checkPin(pin: string): void {
  const problem = pinProblem(pin);
  if (problem) throw new KassaError('INVALID_PIN', `that PIN is not valid: ${problem}`, 'choose 4 to 8 digits');
}

function toUser(u: UserRow): User {
  return { id: u.id, name: u.name, role: u.role, failedAttempts: u.failedAttempts, lockedUntil: u.lockedUntil };
}

function find(ctx: Ctx, id: number): UserRow {
  const u = userById(ctx.db, id);
  if (!u) throw new KassaError('USER_NOT_FOUND', `no user with id ${id}`, 'see `kassa users list`');
  return u;
}

export function addUser(ctx: Ctx, input: { name: string; role: Role; pin: string }): User {
  const name = input.name.trim();
  if (!name) throw new KassaError('USAGE', 'a user needs a name', 'pass --name');
  if (!ROLES.includes(input.role)) throw new KassaError('USAGE', `no role "${input.role}"`, `use one of ${ROLES.join(', ')}`);
  checkPin(input.pin);
  const pinHash = hashPin(input.pin);
  return ctx.db
    .transaction(() => {
      const id = insertUser(ctx.db, { name, role: input.role, pinHash, createdAt: ctx.clock.now().toISOString() });
      appendJournal(ctx, 'user.added', { userId: id, name, role: input.role });
      return toUser(find(ctx, id));
    })
    .immediate();
}

export function listUsers(ctx: Ctx): User[] {
  return allUsers(ctx.db).map(toUser);
}

export function setPin(ctx: Ctx, id: number, pin: string): User {
  checkPin(pin);
  const pinHash = hashPin(pin);
  return ctx.db
    .transaction(() => {
      find(ctx, id);
      setPinHash(ctx.db, id, pinHash);
      appendJournal(ctx, 'user.pin_changed', { userId: id });
      return toUser(find(ctx, id));
    })
    .immediate();
}

/** Lock a user until unlocked (a manager's decision, not the five-minute lock). */
export function lockUser(ctx: Ctx, id: number): User {
  return ctx.db
    .transaction(() => {
      const u = find(ctx, id);
      setLoginState(ctx.db, id, u.failedAttempts, '9999-12-31T23:59:59.999Z');
      appendJournal(ctx, 'user.locked', { userId: id, reason: 'manual' });
      return toUser(find(ctx, id));
    })
    .immediate();
}

export function unlockUser(ctx: Ctx, id: number): User {
  return ctx.db
    .transaction(() => {
      find(ctx, id);
      setLoginState(ctx.db, id, 0, null);
      appendJournal(ctx, 'user.unlocked', { userId: id });
      return toUser(find(ctx, id));
    })
    .immediate();
}

/**
 * Log a user in with their PIN. A wrong PIN is counted and journaled (that much
 * is committed, then the login is refused); the fifth in a row locks the user for
 * five minutes.
 */
export function login(ctx: Ctx, id: number, pin: string): User {
  const u = find(ctx, id);
  const now = ctx.clock.now();
  if (u.lockedUntil && new Date(u.lockedUntil) > now) {
    throw new KassaError('USER_LOCKED', `${u.name} is locked until ${u.lockedUntil}`, 'a manager can unlock with `kassa users unlock`');
  }
  // The hash is computed outside the transaction: it takes tens of milliseconds.
  const ok = pinMatches(pin, u.pinHash);
  const outcome = ctx.db
    .transaction(() => {
      if (ok) {
        setLoginState(ctx.db, id, 0, null);
        appendJournal(ctx, 'user.login', { userId: id });
        return { ok: true as const };
      }
      const failed = find(ctx, id).failedAttempts + 1; // read again: another till may have counted one
      const locks = failed >= MAX_FAILED_LOGINS;
      const until = locks ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
      setLoginState(ctx.db, id, locks ? 0 : failed, until);
      appendJournal(ctx, 'user.login_failed', { userId: id, attempt: failed });
      if (locks) appendJournal(ctx, 'user.locked', { userId: id, reason: 'wrong PIN', until: until! });
      return { ok: false as const, failed, until };
    })
    .immediate();
  if (!outcome.ok) {
    if (outcome.until) {
      throw new KassaError('USER_LOCKED', `wrong PIN; ${u.name} is locked for ${LOCK_MINUTES} minutes`, 'a manager can unlock with `kassa users unlock`');
    }
    const left = MAX_FAILED_LOGINS - outcome.failed;
    throw new KassaError('WRONG_PIN', `wrong PIN for ${u.name}`, `${left} ${left === 1 ? 'try' : 'tries'} left before the user is locked`);
  }
  return toUser(find(ctx, id));
}
