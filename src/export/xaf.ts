/**
 * Z postings as an XML Auditfile Financieel 3.2 (the Dutch tax office's
 * audit file). The schema checks the shape; `checkXafModel` checks what it
 * cannot — every transaction balances, the counts and totals are right, and
 * every account, VAT code and period a line names exists — before a byte is
 * written. Pure: the caller passes the creation date.
 */
import { KassaError } from '../core/errors.js';
import { type Transaction, type VatKey, assertBalanced, journalId, usedAccounts, vatCode, vatLabel } from './postings.js';

export const XAF_NAMESPACE = 'http://www.auditfiles.nl/XAF/3.2';

export interface XafCompany {
  name: string;
  /** The VAT number (`store.vatNumber`); its two letters give the country. */
  vatNumber: string;
  /** `store.address`: lines separated by newlines; a street line and a postcode line are recognised. */
  address?: string;
}

export interface XafOptions {
  company: XafCompany;
  /** YYYY-MM-DD: the period exported; defaults to the first and last business day. */
  from?: string;
  to?: string;
  /** When the file was made (ISO date or date-time; the date is written). */
  createdAt: string;
  softwareVersion: string;
  currency?: string;
}

export interface XafLine {
  nr: string;
  accID: string;
  docRef: string;
  effDate: string;
  desc: string;
  amntCents: number;
  amntTp: 'D' | 'C';
  vat?: { vatID: string; vatBp: number; vatAmntCents: number; vatAmntTp: 'D' | 'C' };
}

export interface XafTransaction {
  nr: string;
  desc: string;
  periodNumber: number;
  trDt: string;
  lines: XafLine[];
}

export interface XafJournal {
  jrnID: string;
  desc: string;
  jrnTp: string;
  transactions: XafTransaction[];
}

/** Everything the file says, before it is XML. */
export interface XafModel {
  header: { fiscalYear: string; startDate: string; endDate: string; curCode: string; dateCreated: string; softwareDesc: string; softwareVersion: string };
  company: {
    companyName: string;
    taxRegistrationCountry: string;
    taxRegIdent: string;
    streetAddress: { streetname?: string; number?: string; numberExtension?: string; city?: string; postalCode?: string; country?: string } | null;
  };
  ledger: { accID: string; accDesc: string; accTp: 'B' | 'P'; leadCode?: string }[];
  vatCodes: { vatID: string; vatDesc: string; vatToPayAccID?: string }[];
  periods: { periodNumber: number; periodDesc: string; startDatePeriod: string; endDatePeriod: string }[];
  linesCount: number;
  totalDebitCents: number;
  totalCreditCents: number;
  journals: XafJournal[];
}

/** The audit file's content for the transactions. */
export function xafModel(txs: readonly Transaction[], opts: XafOptions): XafModel {
  for (const tx of txs) assertBalanced(tx);
  const dates = txs.map((t) => t.date).sort();
  const startDate = opts.from ?? dates[0];
  const endDate = opts.to ?? dates[dates.length - 1];
  if (startDate === undefined || endDate === undefined) throw failed('there is nothing to export and no period was given');
  const vatNumber = opts.company.vatNumber.replace(/[\s.]/g, '').toUpperCase();
  if (vatNumber === '') {
    throw new KassaError('EXPORT_CHECK_FAILED', 'an audit file names the company by its VAT number, and none is set', 'set it: kassa config set store.vatNumber NL123456789B01');
  }
  const country = countryOf(vatNumber);

  const firstYear = Number(startDate.slice(0, 4));
  const lastYear = Number(endDate.slice(0, 4));
  const periodOf = (date: string) => (Number(date.slice(0, 4)) - firstYear) * 12 + Number(date.slice(5, 7));
  const periods: XafModel['periods'] = [];
  for (let y = firstYear, m = Number(startDate.slice(5, 7)); y < lastYear || (y === lastYear && m <= Number(endDate.slice(5, 7))); m === 12 ? (y++, (m = 1)) : m++) {
    const mm = String(m).padStart(2, '0');
    periods.push({ periodNumber: (y - firstYear) * 12 + m, periodDesc: `${y}-${mm}`, startDatePeriod: `${y}-${mm}-01`, endDatePeriod: `${y}-${mm}-${String(daysIn(y, m)).padStart(2, '0')}` });
  }

  const ledger: XafModel['ledger'] = usedAccounts(txs).map((a) => ({
    accID: a.account,
    accDesc: a.name,
    accTp: a.kind === 'revenue' || a.kind === 'expense' ? 'P' : 'B',
    ...(a.rgs ? { leadCode: a.rgs } : {}),
  }));

  const vatKeys = new Map<VatKey, string | undefined>();
  for (const p of txs.flatMap((t) => t.postings)) {
    if (p.vatKey === undefined) continue;
    if (!vatKeys.has(p.vatKey)) vatKeys.set(p.vatKey, undefined);
    if (p.role === 'vatPayable' && vatKeys.get(p.vatKey) === undefined) vatKeys.set(p.vatKey, p.account);
  }
  const vatCodes: XafModel['vatCodes'] = [...vatKeys.entries()].map(([key, payAccount]) => ({
    vatID: vatCode(key),
    vatDesc: key === 'exempt' ? 'Vrijgesteld van btw' : `Btw ${vatLabel(key)}`,
    ...(payAccount ? { vatToPayAccID: payAccount } : {}),
  }));

  const journals = new Map<string, XafJournal>();
  let linesCount = 0;
  let totalDebitCents = 0;
  let totalCreditCents = 0;
  for (const tx of txs) {
    const jrnID = journalId(tx.register);
    let journal = journals.get(jrnID);
    if (!journal) {
      // Odoo and others file a point of sale's day in a sales journal (S).
      journal = { jrnID, desc: `Kassa register ${tx.register}: Z reports`, jrnTp: 'S', transactions: [] };
      journals.set(jrnID, journal);
    }
    const lines: XafLine[] = tx.postings.map((p, i) => {
      const line: XafLine = { nr: String(i + 1), accID: p.account, docRef: tx.reference, effDate: tx.date, desc: p.description, amntCents: p.amountCents, amntTp: p.side };
      if (p.vat && p.vat.vatBp !== undefined) {
        const opposite = p.side === 'D' ? 'C' : 'D';
        line.vat = { vatID: vatCode(p.vat.key), vatBp: p.vat.vatBp ?? 0, vatAmntCents: Math.abs(p.vat.vatCents), vatAmntTp: p.vat.vatCents >= 0 ? p.side : opposite };
      }
      linesCount++;
      if (p.side === 'D') totalDebitCents += p.amountCents;
      else totalCreditCents += p.amountCents;
      return line;
    });
    journal.transactions.push({ nr: tx.reference, desc: tx.description, periodNumber: periodOf(tx.date), trDt: tx.date, lines });
  }

  return {
    header: {
      fiscalYear: firstYear === lastYear ? String(firstYear) : `${firstYear}-${lastYear}`,
      startDate,
      endDate,
      curCode: opts.currency ?? 'EUR',
      dateCreated: opts.createdAt.slice(0, 10),
      softwareDesc: 'Kassa',
      softwareVersion: opts.softwareVersion,
    },
    company: { companyName: opts.company.name, taxRegistrationCountry: country, taxRegIdent: vatNumber, streetAddress: parseAddress(opts.company.address ?? '', country) },
    ledger,
    vatCodes,
    periods,
    linesCount,
    totalDebitCents,
    totalCreditCents,
    journals: [...journals.values()],
  };
}

function failed(message: string): KassaError {
  return new KassaError('EXPORT_CHECK_FAILED', `audit file: ${message}`, 'nothing was written; this is a fault in Kassa or in the stored Z reports');
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What the schema cannot check; throws EXPORT_CHECK_FAILED naming the first fault. */
export function checkXafModel(m: XafModel): void {
  const h = m.header;
  if (!DATE.test(h.startDate) || !DATE.test(h.endDate) || h.startDate > h.endDate) throw failed(`the period ${h.startDate} to ${h.endDate} is not a period`);
  if (!DATE.test(h.dateCreated)) throw failed(`the creation date "${h.dateCreated}" is not a date`);
  if (h.fiscalYear.length > 9 || h.softwareDesc.length > 50 || h.softwareVersion.length > 20 || !/^[A-Z]{3}$/.test(h.curCode)) throw failed('a header field is too long or not a currency code');
  if (!/^[A-Z]{2}$/.test(m.company.taxRegistrationCountry) || m.company.taxRegIdent.length > 30 || m.company.taxRegIdent === '') throw failed(`the VAT number "${m.company.taxRegIdent}" cannot name the company`);

  const accounts = unique(m.ledger.map((a) => a.accID), 'account');
  for (const id of accounts) if (id.length > 35) throw failed(`account ${id} is longer than 35 characters`);
  const vatIDs = unique(m.vatCodes.map((v) => v.vatID), 'VAT code');
  for (const v of m.vatCodes) {
    if (v.vatToPayAccID !== undefined && !accounts.has(v.vatToPayAccID)) throw failed(`VAT code ${v.vatID} pays to account ${v.vatToPayAccID}, which is not in the general ledger`);
  }
  const periods = new Map(m.periods.map((p) => [p.periodNumber, p]));
  if (periods.size !== m.periods.length) throw failed('a period number is used twice');
  unique(m.journals.map((j) => j.jrnID), 'journal');

  let lines = 0;
  let debit = 0;
  let credit = 0;
  for (const j of m.journals) {
    if (j.jrnID.length > 35) throw failed(`journal ${j.jrnID} is longer than 35 characters`);
    unique(j.transactions.map((t) => t.nr), `transaction in journal ${j.jrnID}`);
    for (const t of j.transactions) {
      const where = `transaction ${t.nr} in journal ${j.jrnID}`;
      const period = periods.get(t.periodNumber);
      if (!period) throw failed(`${where} is in period ${t.periodNumber}, which is not in the file`);
      if (t.trDt < period.startDatePeriod || t.trDt > period.endDatePeriod) throw failed(`${where} is dated ${t.trDt}, outside its period ${period.periodDesc}`);
      if (t.trDt < h.startDate || t.trDt > h.endDate) throw failed(`${where} is dated ${t.trDt}, outside the file's period ${h.startDate} to ${h.endDate}`);
      if (t.lines.length < 2) throw failed(`${where} has fewer than two lines`);
      let d = 0;
      let c = 0;
      for (const l of t.lines) {
        if (!Number.isSafeInteger(l.amntCents) || l.amntCents <= 0) throw failed(`${where}, line ${l.nr}: ${String(l.amntCents)} is not an amount`);
        if (!accounts.has(l.accID)) throw failed(`${where}, line ${l.nr} books on account ${l.accID}, which is not in the general ledger`);
        if (l.vat && !vatIDs.has(l.vat.vatID)) throw failed(`${where}, line ${l.nr} names VAT code ${l.vat.vatID}, which is not in the file`);
        if (l.amntTp === 'D') d += l.amntCents;
        else if (l.amntTp === 'C') c += l.amntCents;
        else throw failed(`${where}, line ${l.nr} is neither debit nor credit`);
        lines++;
      }
      if (d !== c) throw failed(`${where} does not balance: debit ${amount(d)}, credit ${amount(c)}`);
      debit += d;
      credit += c;
    }
  }
  if (lines !== m.linesCount) throw failed(`linesCount says ${m.linesCount}, the journals hold ${lines} lines`);
  if (debit !== m.totalDebitCents) throw failed(`totalDebit says ${amount(m.totalDebitCents)}, the lines add up to ${amount(debit)}`);
  if (credit !== m.totalCreditCents) throw failed(`totalCredit says ${amount(m.totalCreditCents)}, the lines add up to ${amount(credit)}`);
}

function unique(ids: string[], what: string): Set<string> {
  const set = new Set<string>();
  for (const id of ids) {
    if (set.has(id)) throw failed(`${what} ${id} appears twice`);
    set.add(id);
  }
  return set;
}

/** The XML of a checked model (UTF-8 text). */
export function renderXaf(m: XafModel): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<auditfile xmlns="${XAF_NAMESPACE}">`];
  const el = (depth: number, name: string, value: string) => out.push(`${'  '.repeat(depth)}<${name}>${esc(value)}</${name}>`);
  const open = (depth: number, name: string) => out.push(`${'  '.repeat(depth)}<${name}>`);
  const close = (depth: number, name: string) => out.push(`${'  '.repeat(depth)}</${name}>`);

  open(1, 'header');
  for (const k of ['fiscalYear', 'startDate', 'endDate', 'curCode', 'dateCreated', 'softwareDesc', 'softwareVersion'] as const) el(2, k, m.header[k]);
  close(1, 'header');

  open(1, 'company');
  el(2, 'companyName', m.company.companyName);
  el(2, 'taxRegistrationCountry', m.company.taxRegistrationCountry);
  el(2, 'taxRegIdent', m.company.taxRegIdent);
  const a = m.company.streetAddress;
  if (a) {
    open(2, 'streetAddress');
    for (const k of ['streetname', 'number', 'numberExtension', 'city', 'postalCode', 'country'] as const) if (a[k]) el(3, k, a[k]);
    close(2, 'streetAddress');
  }
  open(2, 'generalLedger');
  for (const acc of m.ledger) {
    open(3, 'ledgerAccount');
    el(4, 'accID', acc.accID);
    el(4, 'accDesc', acc.accDesc);
    el(4, 'accTp', acc.accTp);
    if (acc.leadCode) el(4, 'leadCode', acc.leadCode);
    close(3, 'ledgerAccount');
  }
  close(2, 'generalLedger');
  if (m.vatCodes.length > 0) {
    open(2, 'vatCodes');
    for (const v of m.vatCodes) {
      open(3, 'vatCode');
      el(4, 'vatID', v.vatID);
      el(4, 'vatDesc', v.vatDesc);
      if (v.vatToPayAccID) el(4, 'vatToPayAccID', v.vatToPayAccID);
      close(3, 'vatCode');
    }
    close(2, 'vatCodes');
  }
  open(2, 'periods');
  for (const p of m.periods) {
    open(3, 'period');
    el(4, 'periodNumber', String(p.periodNumber));
    el(4, 'periodDesc', p.periodDesc);
    el(4, 'startDatePeriod', p.startDatePeriod);
    el(4, 'endDatePeriod', p.endDatePeriod);
    close(3, 'period');
  }
  close(2, 'periods');

  open(2, 'transactions');
  el(3, 'linesCount', String(m.linesCount));
  el(3, 'totalDebit', amount(m.totalDebitCents));
  el(3, 'totalCredit', amount(m.totalCreditCents));
  for (const j of m.journals) {
    open(3, 'journal');
    el(4, 'jrnID', j.jrnID);
    el(4, 'desc', j.desc);
    el(4, 'jrnTp', j.jrnTp);
    for (const t of j.transactions) {
      open(4, 'transaction');
      el(5, 'nr', t.nr);
      el(5, 'desc', t.desc);
      el(5, 'periodNumber', String(t.periodNumber));
      el(5, 'trDt', t.trDt);
      for (const l of t.lines) {
        open(5, 'trLine');
        el(6, 'nr', l.nr);
        el(6, 'accID', l.accID);
        el(6, 'docRef', l.docRef);
        el(6, 'effDate', l.effDate);
        el(6, 'desc', l.desc);
        el(6, 'amnt', amount(l.amntCents));
        el(6, 'amntTp', l.amntTp);
        if (l.vat) {
          open(6, 'vat');
          el(7, 'vatID', l.vat.vatID);
          el(7, 'vatPerc', `${Math.trunc(l.vat.vatBp / 100)}.${String(l.vat.vatBp % 100).padStart(2, '0')}`);
          el(7, 'vatAmnt', amount(l.vat.vatAmntCents));
          el(7, 'vatAmntTp', l.vat.vatAmntTp);
          close(6, 'vat');
        }
        close(5, 'trLine');
      }
      close(4, 'transaction');
    }
    close(3, 'journal');
  }
  close(2, 'transactions');
  close(1, 'company');
  out.push('</auditfile>', '');
  return out.join('\n');
}

/** The audit file of the transactions: built, checked, written; '' for none. */
export function toXaf(txs: readonly Transaction[], opts: XafOptions): string {
  if (txs.length === 0) return '';
  const model = xafModel(txs, opts);
  checkXafModel(model);
  return renderXaf(model);
}

function amount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function esc(s: string): string {
  // XML 1.0 has no place for most control characters; they cannot be escaped either.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function countryOf(vatNumber: string): string {
  const prefix = /^[A-Z]{2}/.exec(vatNumber)?.[0];
  if (!prefix) return 'NL';
  // VAT numbers use EL for Greece and XI for Northern Ireland; ISO 3166 says GR and GB.
  return prefix === 'EL' ? 'GR' : prefix === 'XI' ? 'GB' : prefix;
}

/** 'Kerkstraat 12a\n1234 AB Amsterdam' → street, number, extension, postcode, city; null when nothing is recognised. */
export function parseAddress(text: string, country: string): XafModel['company']['streetAddress'] {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) return null;
  const out: NonNullable<XafModel['company']['streetAddress']> = { country };
  const street = /^(.*?\D)\s+(\d+)\s*([A-Za-z0-9-]{0,10})$/.exec(lines[0]!);
  if (street) {
    out.streetname = street[1]!;
    out.number = street[2]!;
    if (street[3]) out.numberExtension = street[3];
  } else out.streetname = lines[0]!;
  for (const line of lines.slice(1)) {
    const m = /^(\d{4}\s?[A-Z]{2}|\d{4,5})\s+(.+)$/.exec(line);
    if (m) {
      out.postalCode = m[1]!;
      out.city = m[2]!.slice(0, 50);
      break;
    }
  }
  return out;
}
