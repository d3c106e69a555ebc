import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, toCsv } from '../../src/export/csv.js';
import { defaultAccounts, zPostings } from '../../src/export/postings.js';
import { expectedByAccount, fixtureZs, zReport } from './fixture.js';

const accounts = defaultAccounts();

type Row = Record<(typeof CSV_COLUMNS)[number], string>;

function rows(csv: string): Row[] {
  return parse(csv, { columns: true, record_delimiter: '\r\n' }) as Row[];
}

describe('toCsv', () => {
  it('writes one row per posting under the header, with CRLF line ends', () => {
    const txs = fixtureZs().flatMap((z) => zPostings(z, accounts));
    const csv = toCsv(txs);
    expect(csv.split('\r\n')[0]).toBe('date,journal,entry,account,description,debit,credit,vatCode');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const r = rows(csv);
    expect(r).toHaveLength(txs.reduce((a, t) => a + t.postings.length, 0));
    expect(r[0]).toEqual({ date: '2026-11-26', journal: 'KASSA-1', entry: 'Z11', account: '1000', description: 'Z 11 register 1: cash payments', debit: '85.48', credit: '', vatCode: '' });
    expect(r.find((x) => x.account === '8000')).toMatchObject({ credit: '100.00', debit: '', vatCode: 'BTW21' });
    expect(r.find((x) => x.account === '8020')).toMatchObject({ vatCode: 'VRIJ' });
  });

  it('parses back to balanced entries and the Z totals per account', () => {
    const zs = fixtureZs();
    const r = rows(toCsv(zs.flatMap((z) => zPostings(z, accounts))));
    const cents = (s: string) => (s === '' ? 0 : Math.round(Number(s) * 100));
    const perEntry = new Map<string, number>();
    const perAccount = new Map<string, number>();
    for (const x of r) {
      const d = cents(x.debit) - cents(x.credit);
      perEntry.set(`${x.journal}/${x.entry}`, (perEntry.get(`${x.journal}/${x.entry}`) ?? 0) + d);
      perAccount.set(x.account, (perAccount.get(x.account) ?? 0) + d);
    }
    expect([...perEntry.keys()]).toEqual(['KASSA-1/Z11', 'KASSA-1/Z12', 'KASSA-2/Z5']);
    expect([...perEntry.values()]).toEqual([0, 0, 0]);
    for (const [k, v] of [...perAccount]) if (v === 0) perAccount.delete(k);
    expect(perAccount).toEqual(expectedByAccount(zs, accounts));
  });

  it('quotes what needs quoting (RFC 4180)', () => {
    const z = zReport({ zNo: 1, register: 'bar, "achter"', businessDay: '2026-01-02', vat: [[2100, 1000, 210]], payments: [['cash', 1210]] });
    const csv = toCsv(zPostings(z, accounts));
    expect(csv).toContain('"KASSA-bar, ""achter"""');
    expect(rows(csv)[0]).toMatchObject({ journal: 'KASSA-bar, "achter"', description: 'Z 1 register bar, "achter": cash payments' });
  });

  it('writes nothing for no transactions', () => {
    expect(toCsv([])).toBe('');
  });
});
