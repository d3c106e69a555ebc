import { describe, expect, it } from 'vitest';
import { type ExportJournalOptions, JOURNAL_FORMATS, exportJournal, journalTransactions } from '../../src/export/index.js';
import { defaultAccounts } from '../../src/export/postings.js';
import { fixtureZs, zReport } from './fixture.js';

const opts: ExportJournalOptions = {
  accounts: defaultAccounts(),
  createdAt: '2026-12-01T09:00:00.000Z',
  company: { name: 'Kassa', vatNumber: 'NL123456789B01' },
  softwareVersion: '0.1.0',
  datev: { consultant: 1001, client: 1 },
};

describe('exportJournal', () => {
  it.each(JOURNAL_FORMATS)('%s: the fixture gives three transactions of 509.66 on each side', (format) => {
    const r = exportJournal(fixtureZs(), format, opts);
    expect(r).toMatchObject({ transactions: 3, totalDebitCents: 50966, totalCreditCents: 50966 });
    expect(r.data.length).toBeGreaterThan(0);
    expect(Buffer.isBuffer(r.data)).toBe(format === 'datev');
  });

  it.each(JOURNAL_FORMATS)('%s: no Z reports, or only days that sold nothing, give empty output', (format) => {
    for (const zs of [[], [fixtureZs()[3]!]]) {
      const r = exportJournal(zs, format, opts);
      expect(r).toMatchObject({ transactions: 0, totalDebitCents: 0, totalCreditCents: 0 });
      expect(r.data.length).toBe(0);
    }
  });

  it('books the oldest business day first, whatever order the Zs come in', () => {
    const txs = journalTransactions([...fixtureZs()].reverse(), opts.accounts);
    expect(txs.map((t) => `${t.date} ${t.register} ${t.reference}`)).toEqual(['2026-11-26 1 Z11', '2026-11-27 1 Z12', '2026-11-27 2 Z5']);
  });

  it('refuses a day that is not closed, whatever the format', () => {
    const x = { ...zReport({ zNo: 1, businessDay: '2026-11-29', vat: [[2100, 100, 21]], payments: [['cash', 121]] }), kind: 'X' as const };
    for (const format of JOURNAL_FORMATS) expect(() => exportJournal([...fixtureZs(), x], format, opts)).toThrow(/not a Z report/);
  });

  it('asks for what a format needs', () => {
    expect(() => exportJournal(fixtureZs(), 'datev', { ...opts, datev: undefined })).toThrow(expect.objectContaining({ code: 'USAGE' }));
    expect(() => exportJournal(fixtureZs(), 'xaf', { ...opts, company: undefined })).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('writes the period asked for into the XAF and DATEV headers', () => {
    const period = { ...opts, from: '2026-11-01', to: '2026-11-30' };
    expect(exportJournal(fixtureZs(), 'xaf', period).data).toMatch(/<startDate>2026-11-01<\/startDate>\s*<endDate>2026-11-30<\/endDate>/);
    expect((exportJournal(fixtureZs(), 'datev', period).data as Buffer).toString('latin1')).toMatch(/;20261101;20261130;/);
  });
});
