import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setConfig } from '../../src/services/config.js';
import { importProducts } from '../../src/services/import/import-products.js';
import { GENESIS_HASH, entryHash, journalLog, verifyJournal } from '../../src/services/journal.js';
import { tempStore } from '../helpers/store.js';

const DEMO = join(import.meta.dirname, '..', '..', 'fixtures', 'demo', 'catalogue.csv');
let store: ReturnType<typeof tempStore>;
beforeEach(() => {
  store = tempStore();
});
afterEach(() => store.cleanup());

describe('the journal', () => {
  it('records setting changes and imports, chained from 64 zeros', async () => {
    setConfig(store.ctx, 'cashRounding', '10');
    await importProducts(store.ctx, DEMO);
    const entries = [...journalLog(store.ctx)];
    expect(entries.map((e) => [e.seq, e.type])).toEqual([
      [1, 'setting.changed'],
      [2, 'catalogue.imported'],
    ]);
    expect(entries[0]!.payload).toEqual({ key: 'cashRounding', from: 5, to: 10 });
    expect(entries[1]!.payload).toMatchObject({ file: 'catalogue.csv', format: 'kassa', created: 30, rejected: 0 });
    expect(entries[0]!.hash).toBe(
      entryHash(GENESIS_HASH, { seq: 1, at: '2026-11-27T10:00:00.000Z', type: 'setting.changed', payload: { key: 'cashRounding', from: 5, to: 10 } }),
    );
    expect(verifyJournal(store.ctx)).toEqual({ ok: true, entries: 2 });
  });

  it('a refused setting, an aborted import and a dry run leave no entry', async () => {
    expect(() => setConfig(store.ctx, 'locale', 'fr-FR')).toThrow();
    await importProducts(store.ctx, DEMO, { dryRun: true });
    expect([...journalLog(store.ctx)]).toEqual([]);
  });

  it('refuses to update or delete an entry', () => {
    setConfig(store.ctx, 'store.name', 'Een');
    expect(() => store.db.prepare("UPDATE journal SET type = 'x'").run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM journal').run()).toThrow(/append-only/);
  });

  it('verify names the first entry that was altered behind its back', () => {
    setConfig(store.ctx, 'store.name', 'Een');
    setConfig(store.ctx, 'store.name', 'Twee');
    setConfig(store.ctx, 'store.name', 'Drie');
    const raw = new Database(store.path);
    raw.exec('DROP TRIGGER journal_no_update');
    raw.prepare(`UPDATE journal SET payload = '{"from":"Een","key":"store.name","to":"Vier"}' WHERE seq = 2`).run();
    raw.close();
    const r = verifyJournal(store.ctx);
    expect(r.ok).toBe(false);
    expect(r.entries).toBe(1);
    expect(r.problem).toMatchObject({ seq: 2, check: 'chain' });
    expect(r.problem!.message).toContain('entry 2 (setting.changed) was changed');
  });

  it('verify notices stock that is not the sum of its movements', async () => {
    await importProducts(store.ctx, DEMO);
    store.db.prepare("UPDATE products SET stock_milli = stock_milli + 1000 WHERE sku = 'KAAS-002'").run();
    const r = verifyJournal(store.ctx);
    expect(r).toMatchObject({ ok: false, problem: { check: 'stock' } });
    expect(r.problem!.message).toContain('KAAS-002 has stock 19 but its movements add up to 18');
  });
});
