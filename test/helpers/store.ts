import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/db/database.js';
import type { Clock, Ctx } from '../../src/services/context.js';

export const fixedClock: Clock = { now: () => new Date('2026-11-27T10:00:00.000Z') };

/** A temp directory removed after the test file. */
export function tempDir(prefix = 'kassa-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real store file in a temp directory. */
export function tempStore(): { ctx: Ctx; db: Db; path: string; dir: string; cleanup(): void } {
  const t = tempDir();
  const path = join(t.dir, 'store.db');
  const db = openDatabase(path, { create: true });
  return {
    ctx: { db, clock: fixedClock },
    db,
    path,
    dir: t.dir,
    cleanup() {
      db.close();
      t.cleanup();
    },
  };
}

/** Everything a failed import must leave as it was. */
export function snapshot(db: Db, tables = ['products', 'barcodes', 'stock_movements', 'imports', 'settings', 'vat_rates']): string {
  return JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
}
