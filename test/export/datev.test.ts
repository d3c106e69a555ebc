import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { DATEV_COLUMNS, type DatevOptions, datevBookings, encodeCp1252, toDatev } from '../../src/export/datev.js';
import { type Transaction, defaultAccounts, totals, zPostings } from '../../src/export/postings.js';
import { expectedByAccount, fixtureZs, randomZs } from './fixture.js';

const opts: DatevOptions = { consultant: 29098, client: 55003, createdAt: '2026-12-01T14:04:40.439Z', label: 'Umsätze € Kasse' };
const accounts = defaultAccounts();
const txs = (): Transaction[] => fixtureZs().flatMap((z) => zPostings(z, accounts));

/** The file's lines as fields, read back the way DATEV reads it: Windows-1252, `;`, quoted text. */
function read(bytes: Buffer): { header: string[]; columns: string[]; rows: string[][] } {
  const text = iconv.decode(bytes, 'win1252');
  const [header, columns, ...rows] = parse(text, { delimiter: ';', relax_column_count: true, record_delimiter: '\r\n' }) as string[][];
  return { header: header!, columns: columns!, rows };
}

/** What the rows leave on each account (debit positive), and the sum of all amounts. */
function booked(rows: string[][]): { byAccount: Map<string, number>; total: number } {
  const col = (n: string) => DATEV_COLUMNS.indexOf(n);
  const byAccount = new Map<string, number>();
  let total = 0;
  for (const r of rows) {
    const cents = Number(r[col('Umsatz (ohne Soll/Haben-Kz)')]!.replace(',', ''));
    const sign = r[col('Soll/Haben-Kennzeichen')] === 'S' ? 1 : -1;
    const konto = r[col('Konto')]!;
    const gegen = r[col('Gegenkonto (ohne BU-Schlüssel)')]!;
    byAccount.set(konto, (byAccount.get(konto) ?? 0) + sign * cents);
    byAccount.set(gegen, (byAccount.get(gegen) ?? 0) - sign * cents);
    total += cents;
  }
  for (const [k, v] of [...byAccount]) if (v === 0) byAccount.delete(k);
  return { byAccount, total };
}

describe('toDatev', () => {
  it('is Windows-1252 with CRLF line ends: € is the byte 0x80, ü is 0xFC', () => {
    const bytes = toDatev(txs(), opts);
    const label = Buffer.from([0x55, 0x6d, 0x73, 0xe4, 0x74, 0x7a, 0x65, 0x20, 0x80, 0x20]); // 'Umsätze € '
    expect(bytes.includes(label)).toBe(true);
    expect(bytes.includes(Buffer.from('Schlüssel', 'utf8'))).toBe(false); // no UTF-8 left in it
    expect(bytes.includes(Buffer.from([0x53, 0x63, 0x68, 0x6c, 0xfc]))).toBe(true); // 'Schlü'
    const text = bytes.toString('latin1');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('starts with the EXTF 700 header of a Buchungsstapel', () => {
    const { header } = read(toDatev(txs(), opts));
    expect(header).toHaveLength(31);
    expect(header.slice(0, 6)).toEqual(['EXTF', '700', '21', 'Buchungsstapel', '13', '20261201140440439']);
    expect(header.slice(10, 17)).toEqual(['29098', '55003', '20260101', '4', '20261126', '20261127', 'Umsätze € Kasse']);
    expect(header[20]).toBe('0'); // not locked: the advisor checks first
    expect(header[21]).toBe('EUR');
    const raw = iconv.decode(toDatev(txs(), opts), 'win1252').split('\r\n')[0]!;
    expect(raw.startsWith('"EXTF";700;21;"Buchungsstapel";13;')).toBe(true);
  });

  it('names the 125 columns of format version 13 and fills every row to them', () => {
    const { columns, rows } = read(toDatev(txs(), opts));
    expect(columns).toHaveLength(125);
    expect(columns.slice(0, 14)).toEqual([
      'Umsatz (ohne Soll/Haben-Kz)', 'Soll/Haben-Kennzeichen', 'WKZ Umsatz', 'Kurs', 'Basis-Umsatz', 'WKZ Basis-Umsatz', 'Konto',
      'Gegenkonto (ohne BU-Schlüssel)', 'BU-Schlüssel', 'Belegdatum', 'Belegfeld 1', 'Belegfeld 2', 'Skonto', 'Buchungstext',
    ]);
    expect(columns[113]).toBe('Festschreibung');
    expect(columns[124]).toBe('Abw. Skontokonto');
    for (const r of rows) expect(r).toHaveLength(125);
    expect(rows[0]!.slice(0, 14)).toEqual(['85,48', 'S', 'EUR', '', '', '', '1000', '8000', '', '2611', 'Z11', '', '', 'Z 11 register 1: cash payments']);
  });

  it('books amounts whose sum equals the Z totals, leaving every account as the Z reports it', () => {
    const zs = fixtureZs();
    const t = txs();
    const { byAccount, total } = booked(read(toDatev(t, opts)).rows);
    expect(byAccount).toEqual(expectedByAccount(zs, accounts));
    expect(total).toBe(t.reduce((a, tx) => a + totals(tx).debitCents, 0));
    expect(total).toBe(50966);
  });

  it('never books an account against itself, over a year of made-up days', () => {
    const zs = randomZs(11, 365);
    const t = zs.flatMap((z) => zPostings(z, accounts));
    for (const tx of t) for (const b of datevBookings(tx)) expect(b.konto).not.toBe(b.gegenkonto);
    const { byAccount } = booked(read(toDatev(t, { ...opts, from: '2026-01-01', to: '2026-12-31' })).rows);
    expect(byAccount).toEqual(expectedByAccount(zs, accounts));
  });

  it('puts the money account in Konto: cash out is Kasse on the Haben side', () => {
    const out = datevBookings(txs()[0]!).find((b) => b.text.endsWith('cash out'));
    expect(out).toMatchObject({ konto: '1000', sh: 'H', gegenkonto: '1910', amountCents: 20000 });
  });

  it.each<[string, Partial<DatevOptions>, RegExp]>([
    ['a consultant number below 1001', { consultant: 1000 }, /not a Beraternummer/],
    ['a client number of 0', { client: 0 }, /not a Mandantennummer/],
    ['a batch across fiscal years', { from: '2026-11-01', to: '2027-01-31' }, /2027-01-31 is not in the fiscal year that begins 2026-01-01/],
    ['an account longer than the account length', { accountLength: 4, chart: '03' }, /account "10000" is not a G\/L account number of at most 4 digits/],
  ])('refuses %s', (what, o, message) => {
    const t = what.startsWith('an account') ? fixtureZs().flatMap((z) => zPostings(z, { ...accounts, cash: '10000' })) : txs();
    expect(() => toDatev(t, { ...opts, ...o })).toThrow(message);
  });

  it('puts a fiscal year that begins in July around the batch', () => {
    const { header } = read(toDatev(txs(), { ...opts, fiscalYearStart: '0701' }));
    expect(header[12]).toBe('20260701');
  });

  it('writes nothing for no transactions', () => {
    expect(toDatev([], opts)).toHaveLength(0);
  });
});

describe('encodeCp1252', () => {
  it('encodes every character of Windows-1252 as iconv does', () => {
    const all = iconv.decode(Buffer.from([...Array(256).keys()].filter((b) => ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b))), 'win1252');
    expect(encodeCp1252(all).equals(iconv.encode(all, 'win1252'))).toBe(true);
  });

  it.each([
    ['€ 12,50', [0x80, 0x20, 0x31, 0x32, 0x2c, 0x35, 0x30]],
    ['Straße', [0x53, 0x74, 0x72, 0x61, 0xdf, 0x65]],
    ['„Zürich“ – ok', [0x84, 0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68, 0x93, 0x20, 0x96, 0x20, 0x6f, 0x6b]],
    ['u\u0308', [0xfc]], // a decomposed ü is composed first
    ['Kraków ☕', [0x4b, 0x72, 0x61, 0x6b, 0xf3, 0x77, 0x20, 0x3f]], // no coffee in Windows-1252
  ])('%j', (text, bytes) => {
    expect([...encodeCp1252(text)]).toEqual(bytes);
  });
});
