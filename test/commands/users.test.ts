import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, kassa } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

const t = tempDir();
const db = join(t.dir, 'users.db');
const k = (args: string[], input?: string) => kassa(['--db', db, ...args], input === undefined ? {} : { input });
beforeAll(() => {
  expect(k(['init']).code).toBe(0);
});
afterAll(() => t.cleanup());

describe('kassa users', () => {
  it('adds a user with the PIN from standard input or a file, never a flag', () => {
    const r = k(['users', 'add', '--name', 'Sanne', '--role', 'cashier', '--pin-file', '-', '--json'], '4821\n');
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ id: 1, name: 'Sanne', role: 'cashier', lockedUntil: null });
    const pinFile = join(t.dir, 'pin');
    writeFileSync(pinFile, '97531\n', { mode: 0o600 });
    expect(k(['users', 'add', '--name', 'Joost', '--role', 'manager', '--pin-file', pinFile]).stdout).toContain('added manager Joost with id 2');
    expect(k(['users', 'add', '--name', 'X', '--role', 'cashier', '--pin', '1234']).code).toBe(2);
  });

  it('without a PIN and without a terminal, names the flag to pass', () => {
    const r = k(['users', 'add', '--name', 'Ada', '--role', 'cashier']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--pin-file');
  });

  it('refuses a bad PIN or role, and adds nobody', () => {
    expect(k(['users', 'add', '--name', 'Y', '--role', 'cashier', '--pin-file', '-'], '12\n').stderr).toContain('4 to 8 digits');
    expect(k(['users', 'add', '--name', 'Y', '--role', 'boss', '--pin-file', '-'], '1234\n').code).toBe(2);
    expect(json<unknown[]>(k(['users', 'list', '--json']))).toHaveLength(2);
  });

  it('locks, lists and unlocks; every change is in the journal', () => {
    expect(k(['users', 'lock', '1']).stdout).toContain('Sanne locked');
    expect(k(['users', 'list']).stdout).toMatch(/1 {2}cashier {3}Sanne {2}locked until/);
    expect(k(['users', 'unlock', '1']).code).toBe(0);
    expect(k(['users', 'set-pin', '1', '--pin-file', '-'], '2468\n').stdout).toContain('new PIN set for Sanne');
    expect(k(['users', 'lock', 'abc']).code).toBe(2);
    expect(k(['users', 'lock', '42']).code).toBe(1);
    const types = json<{ type: string }[]>(k(['audit', 'log', '--json'])).map((e) => e.type);
    expect(types).toEqual(['user.added', 'user.added', 'user.locked', 'user.unlocked', 'user.pin_changed']);
    expect(json(k(['audit', 'verify', '--json']))).toEqual({ ok: true, entries: 5 });
  });
});
