import { describe, expect, it } from 'vitest';
import { KassaError } from '../../src/core/errors.js';
import {
  type Posting,
  type Transaction,
  accountConfigEntries,
  accountsFromSettings,
  defaultAccounts,
  parseAccountSetting,
  totals,
  usedAccounts,
  zPostings,
} from '../../src/export/postings.js';
import { expectedByAccount, fixtureZs, randomZs, zReport } from './fixture.js';

const accounts = defaultAccounts();

function balances(txs: Transaction[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of txs.flatMap((t) => t.postings)) out.set(p.account, (out.get(p.account) ?? 0) + (p.side === 'D' ? p.amountCents : -p.amountCents));
  for (const [k, v] of [...out]) if (v === 0) out.delete(k);
  return out;
}

function lines(tx: Transaction, account: string): Posting[] {
  return tx.postings.filter((p) => p.account === account);
}

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof KassaError) return e.code;
    throw e;
  }
  return undefined;
}

describe('zPostings', () => {
  it('books every Z of the fixture as one balanced transaction, and a day that sold nothing as none', () => {
    const zs = fixtureZs();
    const txs = zs.map((z) => zPostings(z, accounts));
    expect(txs.map((t) => t.length)).toEqual([1, 1, 1, 0]);
    for (const [tx] of txs.filter((t) => t.length)) {
      const t = totals(tx!);
      expect(t.debitCents).toBe(t.creditCents);
      expect(tx!.postings.every((p) => Number.isSafeInteger(p.amountCents) && p.amountCents > 0)).toBe(true);
    }
    expect(txs[0]![0]).toMatchObject({ date: '2026-11-26', register: '1', zNo: 11, reference: 'Z11', description: 'Z 11 register 1' });
  });

  it('credits turnover and VAT that add up to the Z\'s turnover incl. VAT', () => {
    for (const z of [...fixtureZs(), ...randomZs(7, 40)]) {
      const [tx] = zPostings(z, accounts);
      if (!tx) continue;
      const credited = tx.postings
        .filter((p) => p.role === 'turnover' || p.role === 'vatPayable')
        .reduce((a, p) => a + (p.side === 'C' ? p.amountCents : -p.amountCents), 0);
      expect(credited).toBe(z.netCents);
    }
  });

  it('leaves every account with what the Z reports for it', () => {
    const zs = fixtureZs();
    const txs = zs.flatMap((z) => zPostings(z, accounts));
    expect(balances(txs)).toEqual(expectedByAccount(zs, accounts));
    // The day by hand: cash 85.48 − 0.48 + 50.00 − 200.00 + 20.00 + 0.25 + 10.00 = −34.75 (the float is not booked).
    expect(balances(txs).get('1000')).toBe(-3475);
    expect(balances(txs).get('8010')).toBe(-4500);
  });

  it.each<[number, 'D' | 'C', string]>([
    // rounding, side on the rounding account, what the customer did
    [-2, 'D', 'paid less than the receipts: a cost'],
    [3, 'C', 'paid more than the receipts: a gain'],
  ])('books a cash rounding of %i cents on the %s side (%s)', (rounding, side) => {
    const z = zReport({ zNo: 1, businessDay: '2026-01-02', vat: [[2100, 1000, 210]], roundingCents: rounding, payments: [['cash', 1210 + rounding]] });
    const [tx] = zPostings(z, accounts);
    expect(lines(tx!, accounts.rounding)).toEqual([expect.objectContaining({ side, amountCents: Math.abs(rounding) })]);
    expect(lines(tx!, accounts.cash)).toEqual([expect.objectContaining({ side: 'D', amountCents: 1210 + rounding })]);
  });

  it.each([
    [-48, 'C', 'D', 'cash short (counted)'],
    [25, 'D', 'C', 'cash over (counted)'],
  ] as const)('books a counted difference of %i cents against cash (%s) and over/short (%s)', (diff, cashSide, overShortSide, text) => {
    const z = zReport({ zNo: 1, businessDay: '2026-01-02', vat: [[2100, 1000, 210]], payments: [['cash', 1210]], cashFloatCents: 5000, countedCents: 6210 + diff });
    const [tx] = zPostings(z, accounts);
    expect(lines(tx!, accounts.overShort)).toEqual([expect.objectContaining({ side: overShortSide, amountCents: Math.abs(diff), description: text })]);
    expect(lines(tx!, accounts.cash)).toContainEqual(expect.objectContaining({ side: cashSide, amountCents: Math.abs(diff), description: text }));
  });

  it('books cash in and out against the cash transfers account', () => {
    const z = zReport({ zNo: 1, businessDay: '2026-01-02', vat: [], payments: [], cashInCents: 5000, cashOutCents: 20000 });
    const [tx] = zPostings(z, accounts);
    expect(tx!.postings.map((p) => [p.account, p.side, p.amountCents, p.description])).toEqual([
      ['1000', 'D', 5000, 'cash in'],
      ['1910', 'C', 5000, 'cash in'],
      ['1000', 'C', 20000, 'cash out'],
      ['1910', 'D', 20000, 'cash out'],
    ]);
  });

  it('debits turnover and VAT of a rate where more was refunded than sold, with the VAT on the turnover line', () => {
    const [tx] = zPostings(fixtureZs()[1]!, accounts);
    expect(lines(tx!, '8010')).toEqual([expect.objectContaining({ side: 'D', amountCents: 500, vat: { key: '900', vatBp: 900, vatCents: 45 } })]);
    expect(lines(tx!, '1520')).toEqual([expect.objectContaining({ side: 'D', amountCents: 45 })]);
    expect(lines(tx!, '8000')).toEqual([expect.objectContaining({ side: 'C', amountCents: 4000, vat: { key: '2100', vatBp: 2100, vatCents: 840 } })]);
  });

  it('refuses a Z whose payments do not add up to turnover plus rounding, naming the Z', () => {
    const z = zReport({ zNo: 7, businessDay: '2026-01-02', vat: [[2100, 1000, 210]], payments: [['cash', 1200]] });
    expect(() => zPostings(z, accounts)).toThrow(/Z 7 register 1 does not balance: debit 12\.00, credit 12\.10/);
    expect(code(() => zPostings(z, accounts))).toBe('JOURNAL_UNBALANCED');
  });

  it('refuses a Z whose VAT breakdown differs from its turnover', () => {
    const z = { ...zReport({ zNo: 7, businessDay: '2026-01-02', vat: [[2100, 1000, 210]], payments: [['cash', 1210]] }), netCents: 1300 };
    expect(code(() => zPostings(z, accounts))).toBe('JOURNAL_UNBALANCED');
  });

  it('refuses an X report: only closed days are exported', () => {
    const x = { ...zReport({ zNo: 1, businessDay: '2026-01-02', vat: [], payments: [] }), kind: 'X' as const };
    expect(code(() => zPostings(x, accounts))).toBe('EXPORT_CHECK_FAILED');
  });

  it('refuses amounts that are not whole cents', () => {
    const z = zReport({ zNo: 1, businessDay: '2026-01-02', vat: [[2100, 1000, 210]], payments: [['cash', 1210.5]] });
    expect(() => zPostings(z, accounts)).toThrow(/cash payments is not a whole number of cents/);
  });

  it('names the setting to make when a rate has no account', () => {
    const z = zReport({ zNo: 1, businessDay: '2026-01-02', vat: [[1300, 1000, 130]], payments: [['card', 1130]] });
    try {
      zPostings(z, accounts);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'ACCOUNT_NOT_MAPPED', hint: 'set one: kassa config set accounts.turnover.1300 8030' });
    }
    const mapped = { ...accounts, turnover: { ...accounts.turnover, '1300': '8030' }, vatPayable: { ...accounts.vatPayable, '1300': '1530' } };
    expect(balances(zPostings(z, mapped))).toEqual(new Map([['1920', 1130], ['8030', -1000], ['1530', -130]]));
  });

  it('balances hundreds of made-up days to the cent', () => {
    const zs = randomZs(2026, 300);
    const txs = zs.flatMap((z) => zPostings(z, accounts));
    for (const tx of txs) expect(totals(tx).debitCents).toBe(totals(tx).creditCents);
    expect(balances(txs)).toEqual(expectedByAccount(zs, accounts));
  });
});

describe('the account mapping', () => {
  it('follows RGS by default and lists the accounts used with their RGS codes', () => {
    const txs = fixtureZs().flatMap((z) => zPostings(z, accounts));
    expect(usedAccounts(txs).map((a) => [a.account, a.name, a.rgs])).toEqual([
      ['1000', 'Kas', 'BLimKasKas'],
      ['1510', 'Te betalen btw 21 %', 'BSchBepBtwOla'],
      ['1520', 'Te betalen btw 9 %', 'BSchBepBtwOlv'],
      ['1640', 'Cadeaubonnen', 'BSchOvsOvs'],
      ['1650', 'Tegoedbonnen', 'BSchOvsOvs'],
      ['1910', 'Kruisposten kasstortingen', 'BLimKruSto'],
      ['1920', 'Kruisposten pinbetalingen', 'BLimKruPib'],
      ['1930', 'Kruisposten QR-betalingen', 'BLimKru'],
      ['4900', 'Kasverschillen', 'WBedAdlKav'],
      ['4910', 'Afrondingsverschillen kas', 'WBedAdlBet'],
      ['8000', 'Omzet 21 % btw', 'WOmzNohOlh'],
      ['8010', 'Omzet 9 % btw', 'WOmzNohOlv'],
      ['8020', 'Omzet vrijgesteld van btw', 'WOmzNohNod'],
    ]);
  });

  it('overlays stored settings on the defaults', () => {
    const map = accountsFromSettings(
      new Map<string, unknown>([
        ['accounts.cash', '1001'],
        ['accounts.cardClearing', 1921], // a number typed as a number stays that number
        ['accounts.turnover.1300', '8030'],
        ['accounts.vat.1300', '1530'],
        ['store.name', 'not an account'],
      ]),
    );
    expect(map).toMatchObject({ cash: '1001', cardClearing: '1921', qrClearing: '1930' });
    expect(map.turnover).toEqual({ '2100': '8000', '900': '8010', exempt: '8020', '1300': '8030' });
    expect(map.vatPayable).toEqual({ '2100': '1510', '900': '1520', '1300': '1530' });
    expect(accountsFromSettings({})).toEqual(defaultAccounts());
  });

  it.each([
    ['accounts.cash', '1000', '1000'],
    ['accounts.turnover.2100', ' 8001 ', '8001'],
    ['accounts.turnover.exempt', '8020', '8020'],
    ['accounts.vat.550', '1515', '1515'],
    ['accounts.rounding', 'default', null],
  ])('%s %j is stored as %j', (key, value, stored) => {
    expect(parseAccountSetting(key, value)).toBe(stored);
  });

  it.each([
    ['accounts.cash', '10 00', 'INVALID_SETTING'],
    ['accounts.cash', '', 'INVALID_SETTING'],
    ['accounts.cash', '1000;x', 'INVALID_SETTING'],
    ['accounts.till', '1000', 'UNKNOWN_SETTING'],
    ['accounts.turnover.21%', '8000', 'UNKNOWN_SETTING'],
    ['accounts.turnover.02100', '8000', 'UNKNOWN_SETTING'],
    ['accounts.turnover.20000', '8000', 'UNKNOWN_SETTING'],
    ['accounts.vat.exempt', '1500', 'UNKNOWN_SETTING'],
  ])('%s %j is refused with %s', (key, value, expected) => {
    expect(code(() => parseAccountSetting(key, value))).toBe(expected);
  });

  it('names a broken stored row so that it can be set again', () => {
    expect(() => accountsFromSettings({ 'accounts.cash': { no: 1 } })).toThrow(/accounts\.cash is not an account number/);
  });

  it('lists the accounts for kassa config list, marking what was set', () => {
    const entries = accountConfigEntries({ 'accounts.cash': '1001' });
    expect(entries.find((e) => e.key === 'accounts.cash')).toEqual({ key: 'accounts.cash', value: '1001', isDefault: false, description: 'ledger account: Kas' });
    expect(entries.find((e) => e.key === 'accounts.turnover.2100')).toEqual({
      key: 'accounts.turnover.2100',
      value: '8000',
      isDefault: true,
      description: 'ledger account: Omzet 21 % btw (RGS WOmzNohOlh)',
    });
    expect(entries.map((e) => e.key)).toContain('accounts.vat.900');
  });
});
