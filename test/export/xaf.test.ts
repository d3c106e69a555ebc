import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Transaction, defaultAccounts, zPostings } from '../../src/export/postings.js';
import { type XafModel, type XafOptions, checkXafModel, parseAddress, renderXaf, toXaf, xafModel } from '../../src/export/xaf.js';
import { fixtureZs, randomZs } from './fixture.js';

// xmllint (apt: libxml2-utils) must be installed; CI installs it.
const SCHEMA = join(import.meta.dirname, '../../fixtures/schemas/XmlAuditfileFinancieel3.2.xsd');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kassa-xaf-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function xmllint(xml: string) {
  const file = join(dir, 'audit.xaf');
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', SCHEMA, file], { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return r;
}

const opts: XafOptions = {
  company: { name: 'Bakkerij & Zn <Zuid>', vatNumber: 'NL 1234.56789.B01', address: 'Kerkstraat 12a\n1234 AB Amsterdam' },
  from: '2026-11-01',
  to: '2026-11-30',
  createdAt: '2026-12-01T09:00:00.000Z',
  softwareVersion: '0.1.0',
};
const txs = (): Transaction[] => fixtureZs().flatMap((z) => zPostings(z, defaultAccounts()));

function refused(model: XafModel): string {
  try {
    checkXafModel(model);
  } catch (e) {
    expect(e).toMatchObject({ code: 'EXPORT_CHECK_FAILED' });
    return (e as Error).message;
  }
  throw new Error('the model was accepted');
}

describe('toXaf', () => {
  it('is valid against the tax office\'s XAF 3.2 schema', () => {
    const xml = toXaf(txs(), opts);
    const r = xmllint(xml);
    expect(r.stderr).toContain('validates');
    expect(r.status).toBe(0);
  });

  it('holds the header, the company, every account used, the VAT codes and the totals', () => {
    const xml = toXaf(txs(), opts);
    expect(xml).toContain('<fiscalYear>2026</fiscalYear>');
    expect(xml).toContain('<dateCreated>2026-12-01</dateCreated>');
    expect(xml).toContain('<companyName>Bakkerij &#38; Zn &#60;Zuid&#62;</companyName>');
    expect(xml).toContain('<taxRegIdent>NL123456789B01</taxRegIdent>');
    expect(xml).toMatch(/<accID>8000<\/accID>\s*<accDesc>Omzet 21 % btw<\/accDesc>\s*<accTp>P<\/accTp>\s*<leadCode>WOmzNohOlh<\/leadCode>/);
    expect(xml).toMatch(/<vatID>BTW21<\/vatID>\s*<vatDesc>Btw 21 %<\/vatDesc>\s*<vatToPayAccID>1510<\/vatToPayAccID>/);
    expect(xml).toMatch(/<periodNumber>11<\/periodNumber>\s*<periodDesc>2026-11<\/periodDesc>/);
    // 15 + 11 + 3 lines; debit 85.48+70+30+0.02+0.48+50+200 + 20+18+4+0.98+5+0.45+0.25 + 10+15
    expect(xml).toMatch(/<linesCount>29<\/linesCount>\s*<totalDebit>509\.66<\/totalDebit>\s*<totalCredit>509\.66<\/totalCredit>/);
    expect(xml).toMatch(/<amnt>100\.00<\/amnt>\s*<amntTp>C<\/amntTp>\s*<vat>\s*<vatID>BTW21<\/vatID>\s*<vatPerc>21\.00<\/vatPerc>\s*<vatAmnt>21\.00<\/vatAmnt>\s*<vatAmntTp>C<\/vatAmntTp>/);
    expect(xml.match(/<journal>/g)).toHaveLength(2); // one per register
  });

  it('stays valid over two years of made-up days, one period per month', () => {
    const zs = randomZs(3, 500);
    const model = xafModel(zs.flatMap((z) => zPostings(z, defaultAccounts())), { ...opts, from: '2026-01-01', to: '2027-05-31' });
    expect(model.header.fiscalYear).toBe('2026-2027');
    expect(model.periods.map((p) => p.periodNumber)).toEqual([...Array(17).keys()].map((i) => i + 1));
    checkXafModel(model);
    expect(xmllint(renderXaf(model)).status).toBe(0);
  });

  it('refuses a transaction that does not balance before writing anything', () => {
    const broken = txs();
    broken[0]!.postings[0]!.amountCents += 1;
    expect(() => toXaf(broken, opts)).toThrow(/Z 11 register 1 does not balance: debit 435\.99, credit 435\.98/);
  });

  it('checks what the schema lets through: xmllint accepts a line on an unknown account, the exporter does not', () => {
    const model = xafModel(txs(), opts);
    model.journals[0]!.transactions[0]!.lines[0]!.accID = '9999';
    expect(xmllint(renderXaf(model)).status).toBe(0);
    expect(refused(model)).toMatch(/transaction Z11 in journal KASSA-1, line 1 books on account 9999, which is not in the general ledger/);
  });

  it.each<[string, (m: XafModel) => void, RegExp]>([
    ['an unbalanced line', (m) => (m.journals[0]!.transactions[1]!.lines[0]!.amntCents += 1), /transaction Z12 in journal KASSA-1 does not balance: debit 48\.69, credit 48\.68/],
    ['a wrong linesCount', (m) => (m.linesCount = 28), /linesCount says 28, the journals hold 29 lines/],
    ['a wrong totalDebit', (m) => (m.totalDebitCents -= 100), /totalDebit says 508\.66, the lines add up to 509\.66/],
    ['a wrong totalCredit', (m) => (m.totalCreditCents = 0), /totalCredit says 0\.00/],
    ['an unknown VAT code', (m) => (m.vatCodes = m.vatCodes.filter((v) => v.vatID !== 'BTW9')), /names VAT code BTW9, which is not in the file/],
    ['a VAT code paying to no account', (m) => (m.vatCodes[0]!.vatToPayAccID = '1599'), /pays to account 1599, which is not in the general ledger/],
    ['a missing period', (m) => (m.periods = []), /is in period 11, which is not in the file/],
    ['a date outside its period', (m) => (m.journals[0]!.transactions[0]!.trDt = '2026-12-01'), /dated 2026-12-01, outside its period 2026-11/],
    ['an account twice', (m) => m.ledger.push({ ...m.ledger[0]! }), /account 1000 appears twice/],
    ['a negative amount', (m) => (m.journals[1]!.transactions[0]!.lines[0]!.amntCents = -1000), /-1000 is not an amount/],
  ])('refuses a model with %s', (_, tamper, message) => {
    const model = xafModel(txs(), opts);
    checkXafModel(model);
    tamper(model);
    expect(refused(model)).toMatch(message);
  });

  it('needs the store\'s VAT number, and says how to set it', () => {
    expect(() => toXaf(txs(), { ...opts, company: { name: 'Kassa', vatNumber: '' } })).toThrow(expect.objectContaining({ hint: 'set it: kassa config set store.vatNumber NL123456789B01' }));
  });

  it.each([
    ['Kerkstraat 12a\n1234 AB Amsterdam', { streetname: 'Kerkstraat', number: '12', numberExtension: 'a', postalCode: '1234 AB', city: 'Amsterdam', country: 'NL' }],
    ['Lange Nieuwstraat 7\n3512 PA Utrecht\nNederland', { streetname: 'Lange Nieuwstraat', number: '7', postalCode: '3512 PA', city: 'Utrecht', country: 'NL' }],
    ['Marktplein', { streetname: 'Marktplein', country: 'NL' }],
    ['', null],
  ])('reads the address %j', (text, expected) => {
    expect(parseAddress(text, 'NL')).toEqual(expected);
  });

  it('writes nothing for no transactions', () => {
    expect(toXaf([], opts)).toBe('');
  });
});
