import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toHledger } from '../../src/export/hledger.js';
import { defaultAccounts, zPostings } from '../../src/export/postings.js';
import { expectedByAccount, fixtureZs, randomZs } from './fixture.js';

// hledger (apt: hledger) must be installed; CI installs it.
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kassa-hledger-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function hledger(journal: string, ...args: string[]) {
  const file = join(dir, 'z.journal');
  writeFileSync(file, journal);
  const r = spawnSync('hledger', ['-f', file, ...args], { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return r;
}

/** `hledger bal` per account in cents, the account number first in each name. */
function balances(journal: string): Map<string, number> {
  const r = hledger(journal, 'bal', '-O', 'csv');
  expect(r.status, r.stderr).toBe(0);
  const rows = parse(r.stdout, { columns: true }) as { account: string; balance: string }[];
  const out = new Map<string, number>();
  for (const row of rows) {
    if (row.account === 'total') {
      expect(row.balance).toBe('0');
      continue;
    }
    const m = /^EUR (-?)([\d,]+)\.(\d\d)$/.exec(row.balance);
    expect(m, row.balance).not.toBeNull();
    out.set(row.account.split(' ')[0]!, (m![1] ? -1 : 1) * (Number(m![2]!.replace(/,/g, '')) * 100 + Number(m![3])));
  }
  return out;
}

const accounts = defaultAccounts();

describe('toHledger', () => {
  it('writes a journal that passes hledger check -s (declared accounts and commodities)', () => {
    const journal = toHledger(fixtureZs().flatMap((z) => zPostings(z, accounts)));
    const r = hledger(journal, 'check', '-s');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(journal).toContain('2026-11-26 * (Z11) Z 11 register 1\n');
    expect(journal).toMatch(/\n {4}1000 Kas +EUR 85\.48 {2}; cash payments\n/);
  });

  it('is strict for real: without its account directive hledger refuses the journal', () => {
    const journal = toHledger(fixtureZs().flatMap((z) => zPostings(z, accounts))).replace('account 1000 Kas  ; type: A\n', '');
    expect(hledger(journal, 'check', '-s').status).not.toBe(0);
  });

  it('ends with hledger balances equal to the Z totals', () => {
    const zs = fixtureZs();
    const got = balances(toHledger(zs.flatMap((z) => zPostings(z, accounts))));
    expect(got).toEqual(expectedByAccount(zs, accounts));
    expect(got.get('8000')).toBe(-14000); // turnover at 21 %: 100.00 + 40.00
    expect(got.get('1920')).toBe(10300); // card: 70.00 + 18.00 + 15.00
  });

  it('agrees with hledger over a year of made-up days, in other account numbers', () => {
    const zs = randomZs(42, 365);
    const mapped = { ...accounts, cash: '1001', rounding: '4900' }; // rounding shares the over/short account
    const journal = toHledger(zs.flatMap((z) => zPostings(z, mapped)));
    expect(hledger(journal, 'check', '-s').status).toBe(0);
    expect(balances(journal)).toEqual(expectedByAccount(zs, mapped));
  });

  it('writes nothing for no transactions', () => {
    expect(toHledger([])).toBe('');
  });
});
