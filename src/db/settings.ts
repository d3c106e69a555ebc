import type { VatRate } from '../core/catalogue/types.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';

export function readSettingsRows(db: Db): Map<string, unknown> {
  const rows = stmt(db, 'SELECT key, value FROM settings').all() as { key: string; value: string }[];
  return new Map(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
}

export function writeSetting(db: Db, key: string, value: unknown): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    JSON.stringify(value),
  );
}

export function readVatRates(db: Db): VatRate[] {
  return db
    .prepare('SELECT code, bp, label FROM vat_rates ORDER BY bp IS NULL, bp DESC, code')
    .all() as VatRate[];
}

export function upsertVatRate(db: Db, rate: VatRate): void {
  db.prepare(
    `INSERT INTO vat_rates (code, bp, label) VALUES (?, ?, ?)
     ON CONFLICT (code) DO UPDATE SET bp = excluded.bp, label = excluded.label`,
  ).run(rate.code, rate.bp, rate.label);
}

export function deleteSetting(db: Db, key: string): void {
  stmt(db, 'DELETE FROM settings WHERE key = ?').run(key);
}
