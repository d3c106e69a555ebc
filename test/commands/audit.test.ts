import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { json, kassa } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

const t = tempDir();
afterAll(() => t.cleanup());
const db = join(t.dir, 'audit.db');
const k = (...args: string[]) => kassa(['--db', db, ...args]);

describe('kassa audit', () => {
  it('verify passes on an honest store, log lists what changed', () => {
    k('demo');
    k('config', 'set', 'store.name', 'De Hoek');
    const v = k('audit', 'verify', '--json');
    expect(v.code).toBe(0);
    expect(json(v)).toEqual({ ok: true, entries: 4 });
    expect(k('audit', 'verify').stdout).toContain('ok: 4 journal entries');
    const log = json<{ seq: number; type: string; payload: Record<string, unknown> }[]>(k('audit', 'log', '--json'));
    expect(log.map((e) => e.type)).toEqual(['catalogue.imported', 'user.added', 'user.added', 'setting.changed']);
    expect(log[3]!.payload).toEqual({ key: 'store.name', from: 'Buurtwinkel De Hoek', to: 'De Hoek' });
    expect(json<unknown[]>(k('audit', 'log', '--from', '2999-01-01', '--json'))).toEqual([]);
    expect(k('audit', 'log', '--from', 'gisteren').code).toBe(2);
  });

  it('verify exits 1 naming the entry that was tampered with', () => {
    const raw = new Database(db);
    raw.exec('DROP TRIGGER journal_no_update');
    raw.prepare("UPDATE journal SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 1").run();
    raw.close();
    const r = k('audit', 'verify');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('entry 1 (catalogue.imported) was changed');
    expect(json<{ ok: boolean }>(k('audit', 'verify', '--json')).ok).toBe(false);
  });
});
