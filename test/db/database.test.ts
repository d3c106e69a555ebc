import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, openDatabase, schemaVersion } from '../../src/db/database.js';
import { KassaError } from '../../src/core/errors.js';
import { tempDir } from '../helpers/store.js';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});
function dir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('openDatabase', () => {
  it('creates a private store file with WAL, synchronous=FULL and foreign keys', () => {
    const path = join(dir(), 'nested', 'kassa.db');
    const db = openDatabase(path, { create: true });
    try {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
      expect(schemaVersion(db)).toBe(loadMigrations().length);
    } finally {
      db.close();
    }
  });

  it('refuses to create a store unless asked', () => {
    const path = join(dir(), 'missing.db');
    expect(() => openDatabase(path)).toThrow(/no store at .*missing\.db/);
  });

  it('refuses a database newer than the program, and leaves it alone', () => {
    const path = join(dir(), 'new.db');
    const raw = new Database(path);
    raw.pragma('user_version = 999');
    raw.close();
    let err: unknown;
    try {
      openDatabase(path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KassaError);
    expect((err as KassaError).code).toBe('DB_TOO_NEW');
    expect((err as KassaError).message).toContain('schema version 999');
    expect((err as KassaError).hint).toMatch(/upgrade kassa/);
    const again = new Database(path);
    expect(again.pragma('user_version', { simple: true })).toBe(999);
    again.close();
  });

  it('applies a new migration to an existing store without losing data', () => {
    const d = dir();
    const migrations = join(d, 'migrations');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '001_first.sql'), 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);');
    const path = join(d, 's.db');
    const db1 = openDatabase(path, { create: true, migrationsDir: migrations });
    db1.prepare('INSERT INTO notes (text) VALUES (?)').run('keep me');
    db1.close();

    writeFileSync(join(migrations, '002_second.sql'), 'ALTER TABLE notes ADD COLUMN at TEXT;');
    const db2 = openDatabase(path, { migrationsDir: migrations });
    expect(schemaVersion(db2)).toBe(2);
    expect(db2.prepare('SELECT text, at FROM notes').all()).toEqual([{ text: 'keep me', at: null }]);
    db2.close();
  });

  it('rolls a failing migration back whole, bookkeeping included', () => {
    const d = dir();
    const migrations = join(d, 'migrations');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '001_first.sql'), 'CREATE TABLE a (x);');
    const path = join(d, 's.db');
    openDatabase(path, { create: true, migrationsDir: migrations }).close();
    writeFileSync(join(migrations, '002_broken.sql'), 'CREATE TABLE b (y); INSERT INTO nowhere VALUES (1);');
    expect(() => openDatabase(path, { migrationsDir: migrations })).toThrow(/002_broken\.sql failed/);
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'").get()).toEqual({ n: 0 });
    expect(raw.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: 1 });
    raw.close();
  });

  it('refuses a store whose applied migration differs from the file', () => {
    const d = dir();
    const migrations = join(d, 'migrations');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '001_first.sql'), 'CREATE TABLE a (x);');
    const path = join(d, 's.db');
    openDatabase(path, { create: true, migrationsDir: migrations }).close();
    writeFileSync(join(migrations, '001_first.sql'), 'CREATE TABLE a (x, y);');
    expect(() => openDatabase(path, { migrationsDir: migrations })).toThrow(/different 001_first\.sql/);
  });

  it('says plainly when a file is not a store', () => {
    const path = join(dir(), 'not.db');
    writeFileSync(path, 'this is not a database at all, just some text that is long enough'.repeat(10));
    expect(() => openDatabase(path)).toThrow(/cannot open/);
  });
});
