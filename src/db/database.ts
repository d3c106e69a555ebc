import type BetterSqlite3 from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { KassaError } from '../core/errors.js';
import { sha256Hex } from './sha256.js';

export type Db = BetterSqlite3.Database;

const require = createRequire(import.meta.url);
/**
 * better-sqlite3 by require(), not import: Node imports a CommonJS package into an
 * ES module by first scanning its sources for their exports, which costs every
 * command ~6 ms at start-up (docs/PERFORMANCE.md, "End of day").
 */
const Database = require('better-sqlite3') as typeof BetterSqlite3;

/** Where the numbered migrations live: beside this module, in src/ and in dist/ alike. */
const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
  sha256: string;
}

let cachedMigrations: Migration[] | undefined;

/**
 * The migrations' names and hashes, for the check every open makes: from the
 * manifest the build writes beside them (one small file instead of reading and
 * hashing every migration at each start), else from the files themselves.
 */
function migrationIndex(dir: string): Omit<Migration, 'sql'>[] {
  if (dir === MIGRATIONS_DIR) {
    try {
      return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Omit<Migration, 'sql'>[];
    } catch {
      // no manifest (running from src/, in the tests): read the files
    }
  }
  return loadMigrations(dir);
}

/** The native addon, named directly: better-sqlite3 otherwise searches a dozen paths for it at every start. */
const NATIVE_BINDING = ((): string | undefined => {
  try {
    const path = require.resolve('better-sqlite3/build/Release/better_sqlite3.node');
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
})();

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  if (dir === MIGRATIONS_DIR && cachedMigrations) return cachedMigrations;
  const migrations = readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file, i) => {
      const version = Number(file.slice(0, 3));
      if (version !== i + 1) {
        throw new KassaError('MIGRATION_FAILED', `migration ${file} is out of sequence (expected number ${i + 1})`);
      }
      const sql = readFileSync(join(dir, file), 'utf8');
      return { version, name: file, sql, sha256: sha256Hex(sql) };
    });
  if (dir === MIGRATIONS_DIR) cachedMigrations = migrations;
  return migrations;
}

export interface OpenOptions {
  /** Create the file (mode 0600) when it does not exist. */
  create?: boolean;
  readonly?: boolean;
  migrationsDir?: string;
  /** Open as it is, without bringing the schema up to date (to inspect it). */
  skipMigrate?: boolean;
}

/**
 * Open a store: WAL, synchronous=FULL (a committed sale survives a power cut),
 * foreign keys, a busy timeout, then bring the schema up to date.
 */
export function openDatabase(path: string, opts: OpenOptions = {}): Db {
  const exists = path === ':memory:' || existsSync(path);
  if (!exists) {
    if (!opts.create) {
      throw new KassaError('DB_NOT_FOUND', `no store at ${path}`, 'create one with `kassa init`, or try `kassa demo`');
    }
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Create the file ourselves so that it is private from the first byte;
    // SQLite gives the -wal and -shm files the same mode.
    closeSync(openSync(path, 'wx', 0o600));
  }
  let db: Db;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: true, ...(NATIVE_BINDING ? { nativeBinding: NATIVE_BINDING } : {}) });
  } catch (e) {
    throw new KassaError('DB_OPEN_FAILED', `cannot open ${path}: ${(e as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    if (!opts.skipMigrate) migrate(db, path, opts.migrationsDir);
  } catch (e) {
    db.close();
    if (e instanceof KassaError) throw e;
    throw new KassaError('DB_OPEN_FAILED', `cannot open ${path}: ${(e as Error).message}`, 'is it a Kassa store?');
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Apply the migrations the database lacks, each in one IMMEDIATE transaction
 * together with its bookkeeping (user_version and the schema_migrations row).
 * Refuses a database that is newer than this program, or whose applied
 * migrations differ from the files.
 */
export function migrate(db: Db, path: string, dir: string = MIGRATIONS_DIR): { from: number; to: number } {
  const index = migrationIndex(dir);
  const latest = index.length;
  const from = schemaVersion(db);
  if (from > latest) {
    throw new KassaError(
      'DB_TOO_NEW',
      `${path} has schema version ${from}, but this kassa knows versions up to ${latest}`,
      'the store was written by a newer kassa: upgrade kassa before opening it',
    );
  }
  if (from > 0) checkApplied(db, path, index.slice(0, from));
  if (from === latest) return { from, to: latest };
  const migrations = loadMigrations(dir);
  if (db.readonly) {
    throw new KassaError('MIGRATION_FAILED', `${path} needs migrating to version ${latest}`, 'open it once without --readonly');
  }
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  for (const m of migrations.slice(from)) {
    const apply = db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)').run(
        m.version,
        m.name,
        m.sha256,
        new Date().toISOString(),
      );
      db.pragma(`user_version = ${m.version}`);
    });
    try {
      apply.immediate();
    } catch (e) {
      throw new KassaError('MIGRATION_FAILED', `migration ${m.name} failed on ${path}: ${(e as Error).message}`);
    }
  }
  return { from, to: latest };
}

function checkApplied(db: Db, path: string, applied: Omit<Migration, 'sql'>[]): void {
  const rows = db.prepare('SELECT version, name, sha256 FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
    sha256: string;
  }[];
  for (const m of applied) {
    const row = rows.find((r) => r.version === m.version);
    if (!row || row.sha256 !== m.sha256) {
      throw new KassaError(
        'MIGRATION_FAILED',
        `${path} was migrated with a different ${m.name} than this kassa has`,
        'the migration files changed after they were applied; restore them from the release',
      );
    }
  }
}

/**
 * A write transaction that spans awaits (an import reads its file while it
 * writes), which better-sqlite3's synchronous `transaction()` cannot. IMMEDIATE,
 * so that another writer makes it wait on the busy timeout, not fail halfway.
 */
export const longTransaction = {
  begin: (db: Db): void => void db.exec('BEGIN IMMEDIATE'),
  commit: (db: Db): void => void db.exec('COMMIT'),
  rollback: (db: Db): void => {
    if (db.inTransaction) db.exec('ROLLBACK');
  },
};
