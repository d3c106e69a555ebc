/**
 * Z postings as a DATEV-Format Buchungsstapel (EXTF, header version 700,
 * format category 21, format version 13): the header line, the 125 column
 * names, then one booking per row — amount with a decimal comma, S/H for the
 * `Konto` column, `Gegenkonto`, Belegdatum as DDMM and the Z number in
 * Belegfeld 1. `;`-separated, text in double quotes, CRLF, Windows-1252.
 * Layout after https://developer.datev.de/datev/platform/de/dtvf/formate/buchungsstapel
 * Pure: the caller passes the creation time.
 */
import { KassaError } from '../core/errors.js';
import { ACCOUNT_ROLES, type Posting, type Transaction, assertBalanced } from './postings.js';

export interface DatevOptions {
  /** Beraternummer of the tax advisor (1001–9999999). */
  consultant: number;
  /** Mandantennummer of the store at the advisor (1–99999). */
  client: number;
  /** Start of the fiscal year as MMDD; '0101' by default. */
  fiscalYearStart?: string;
  /** Sachkontenlänge: digits of a G/L account number (4–8); 4 by default. */
  accountLength?: number;
  /** YYYY-MM-DD: the period exported; defaults to the first and last business day. */
  from?: string;
  to?: string;
  /** When the file was made (ISO date-time). */
  createdAt: string;
  /** Bezeichnung of the batch (at most 30 characters). */
  label?: string;
  /** SKR of the client's chart ('03', '04'); '03' by default. */
  chart?: string;
  currency?: string;
}

const beleginfo = Array.from({ length: 8 }, (_, i) => [`Beleginfo - Art ${i + 1}`, `Beleginfo - Inhalt ${i + 1}`]).flat();
// DATEV spells these without a space before the dash; the names are written as published.
const zusatz = Array.from({ length: 20 }, (_, i) => [`Zusatzinformation - Art ${i + 1}`, `Zusatzinformation- Inhalt ${i + 1}`]).flat();

/** The column names of format version 13, in order (line 2 of the file). */
export const DATEV_COLUMNS: readonly string[] = [
  'Umsatz (ohne Soll/Haben-Kz)', 'Soll/Haben-Kennzeichen', 'WKZ Umsatz', 'Kurs', 'Basis-Umsatz', 'WKZ Basis-Umsatz', 'Konto',
  'Gegenkonto (ohne BU-Schlüssel)', 'BU-Schlüssel', 'Belegdatum', 'Belegfeld 1', 'Belegfeld 2', 'Skonto', 'Buchungstext',
  'Postensperre', 'Diverse Adressnummer', 'Geschäftspartnerbank', 'Sachverhalt', 'Zinssperre', 'Beleglink',
  ...beleginfo,
  'KOST1 - Kostenstelle', 'KOST2 - Kostenstelle', 'Kost-Menge', 'EU-Land u. UStID (Bestimmung)', 'EU-Steuersatz (Bestimmung)',
  'Abw. Versteuerungsart', 'Sachverhalt L+L', 'Funktionsergänzung L+L', 'BU 49 Hauptfunktionstyp', 'BU 49 Hauptfunktionsnummer',
  'BU 49 Funktionsergänzung',
  ...zusatz,
  'Stück', 'Gewicht', 'Zahlweise', 'Forderungsart', 'Veranlagungsjahr', 'Zugeordnete Fälligkeit', 'Skontotyp', 'Auftragsnummer',
  'Buchungstyp', 'USt-Schlüssel (Anzahlungen)', 'EU-Land (Anzahlungen)', 'Sachverhalt L+L (Anzahlungen)', 'EU-Steuersatz (Anzahlungen)',
  'Erlöskonto (Anzahlungen)', 'Herkunft-Kz', 'Buchungs GUID', 'KOST-Datum', 'SEPA-Mandatsreferenz', 'Skontosperre', 'Gesellschaftername',
  'Beteiligtennummer', 'Identifikationsnummer', 'Zeichnernummer', 'Postensperre bis', 'Bezeichnung SoBil-Sachverhalt',
  'Kennzeichen SoBil-Buchung', 'Festschreibung', 'Leistungsdatum', 'Datum Zuord. Steuerperiode', 'Fälligkeit', 'Generalumkehr (GU)',
  'Steuersatz', 'Land', 'Abrechnungsreferenz', 'BVV-Position', 'EU-Land u. UStID (Ursprung)', 'EU-Steuersatz (Ursprung)',
  'Abw. Skontokonto',
];

const COL = (name: string): number => {
  const i = DATEV_COLUMNS.indexOf(name);
  if (i < 0) throw new Error(`no DATEV column ${name}`);
  return i;
};

/** One booking: `amountCents` moves from Soll to Haben; `sh` says which side `konto` is on. */
export interface DatevBooking {
  amountCents: number;
  sh: 'S' | 'H';
  konto: string;
  gegenkonto: string;
  date: string; // YYYY-MM-DD
  reference: string;
  text: string;
}

/**
 * A transaction as DATEV bookings. DATEV books pairs of accounts, so the
 * debits are matched against the credits in order (never an account against
 * itself); every account ends with the same balance as in the transaction.
 * `Konto` is the money side where there is one (cash, clearing, …).
 */
export function datevBookings(tx: Transaction): DatevBooking[] {
  assertBalanced(tx);
  const debits = tx.postings.filter((p) => p.side === 'D').map((p) => ({ p, left: p.amountCents }));
  const credits = tx.postings.filter((p) => p.side === 'C').map((p) => ({ p, left: p.amountCents }));
  const out: DatevBooking[] = [];
  for (const d of debits) {
    for (const c of credits) {
      if (d.left === 0) break;
      if (c.left === 0 || c.p.account === d.p.account) continue;
      const amountCents = Math.min(d.left, c.left);
      d.left -= amountCents;
      c.left -= amountCents;
      out.push(booking(tx, d.p, c.p, amountCents));
    }
  }
  // What is left is one account debited and credited alike: it nets to nothing and needs no booking.
  const left = new Map<string, number>();
  for (const d of debits) left.set(d.p.account, (left.get(d.p.account) ?? 0) + d.left);
  for (const c of credits) left.set(c.p.account, (left.get(c.p.account) ?? 0) - c.left);
  for (const [account, rest] of left) {
    if (rest !== 0) throw new KassaError('EXPORT_CHECK_FAILED', `DATEV: ${tx.description} leaves ${rest} cents on ${account} unbooked`, 'this is a fault in Kassa; nothing was written');
  }
  return out;
}

function booking(tx: Transaction, debit: Posting, credit: Posting, amountCents: number): DatevBooking {
  const kontoIsDebit = ACCOUNT_ROLES.indexOf(debit.role) <= ACCOUNT_ROLES.indexOf(credit.role);
  const main = kontoIsDebit ? debit : credit;
  return {
    amountCents,
    sh: kontoIsDebit ? 'S' : 'H',
    konto: main.account,
    gegenkonto: (kontoIsDebit ? credit : debit).account,
    date: tx.date,
    reference: tx.reference,
    text: `${tx.description}: ${main.description}`,
  };
}

function failed(message: string, hint: string): KassaError {
  return new KassaError('EXPORT_CHECK_FAILED', `DATEV: ${message}`, hint);
}

/** The Buchungsstapel file, Windows-1252 encoded; an empty buffer for no transactions. */
export function toDatev(txs: readonly Transaction[], opts: DatevOptions): Buffer {
  if (txs.length === 0) return Buffer.alloc(0);
  const accountLength = opts.accountLength ?? 4;
  if (!Number.isInteger(opts.consultant) || opts.consultant < 1001 || opts.consultant > 9999999) {
    throw failed(`the consultant number ${opts.consultant} is not a Beraternummer (1001–9999999)`, 'ask the tax advisor for the Beraternummer');
  }
  if (!Number.isInteger(opts.client) || opts.client < 1 || opts.client > 99999) {
    throw failed(`the client number ${opts.client} is not a Mandantennummer (1–99999)`, 'ask the tax advisor for the Mandantennummer');
  }
  if (!Number.isInteger(accountLength) || accountLength < 4 || accountLength > 8) throw failed(`an account length of ${accountLength} is not 4 to 8`, 'the Sachkontenlänge is usually 4');
  const wjStart = opts.fiscalYearStart ?? '0101';
  if (!/^(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(wjStart)) throw failed(`"${wjStart}" is not the start of a fiscal year (MMDD)`, 'write it as MMDD, e.g. 0101');

  const dates = txs.map((t) => t.date).sort();
  const from = opts.from ?? dates[0]!;
  const to = opts.to ?? dates[dates.length - 1]!;
  // Belegdatum has no year: the whole batch must lie in one fiscal year.
  const fyYear = from.slice(5, 7) + from.slice(8, 10) >= wjStart ? Number(from.slice(0, 4)) : Number(from.slice(0, 4)) - 1;
  const fyBegin = `${fyYear}-${wjStart.slice(0, 2)}-${wjStart.slice(2)}`;
  const fyEnd = `${fyYear + 1}-${wjStart.slice(0, 2)}-${wjStart.slice(2)}`; // exclusive
  for (const d of [from, to, ...dates]) {
    if (d < fyBegin || d >= fyEnd) throw failed(`${d} is not in the fiscal year that begins ${fyBegin}`, `export one fiscal year at a time, e.g. --from ${fyBegin} --to ${prevDay(fyEnd)}`);
  }

  const label = clean(opts.label ?? 'Kassa Z-Berichte', 30);
  const header = [
    q('EXTF'), '700', '21', q('Buchungsstapel'), '13', stamp(opts.createdAt), '', q('RE'), q('Kassa'), q(''),
    String(opts.consultant), String(opts.client), compact(fyBegin), String(accountLength), compact(from), compact(to),
    q(label), q(''), '1', '0', '0', q(opts.currency ?? 'EUR'), '', q(''), '', '', q(opts.chart ?? '03'), '', '', q(''), q(''),
  ];

  const lines = [header.join(';'), DATEV_COLUMNS.join(';')];
  for (const tx of txs) {
    for (const b of datevBookings(tx)) {
      for (const account of [b.konto, b.gegenkonto]) {
        if (!/^\d+$/.test(account) || account.length > accountLength) {
          throw failed(`account "${account}" is not a G/L account number of at most ${accountLength} digits`, 'DATEV books on numbers: map the account to one, e.g. kassa config set accounts.cash 1600');
        }
      }
      const cells: string[] = new Array<string>(DATEV_COLUMNS.length).fill('');
      cells[COL('Umsatz (ohne Soll/Haben-Kz)')] = amount(b.amountCents);
      cells[COL('Soll/Haben-Kennzeichen')] = q(b.sh);
      cells[COL('WKZ Umsatz')] = q(opts.currency ?? 'EUR');
      cells[COL('Konto')] = b.konto;
      cells[COL('Gegenkonto (ohne BU-Schlüssel)')] = b.gegenkonto;
      cells[COL('Belegdatum')] = b.date.slice(8, 10) + b.date.slice(5, 7);
      cells[COL('Belegfeld 1')] = q(b.reference.replace(/[^\w$%\-/]/g, '').slice(0, 36));
      cells[COL('Buchungstext')] = q(clean(b.text, 60));
      // An empty Festschreibung locks the batch on import; the advisor should check it first.
      cells[COL('Festschreibung')] = '0';
      lines.push(cells.join(';'));
    }
  }
  return encodeCp1252(lines.join('\r\n') + '\r\n');
}

function q(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

// DATEV allows no control characters in text fields.
function clean(s: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, max);
}

function amount(cents: number): string {
  return `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}

function compact(date: string): string {
  return date.replace(/-/g, '');
}

function prevDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** YYYYMMDDHHMMSSFFF of an ISO date-time, in UTC. */
function stamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw failed(`"${iso}" is not a date-time`, 'pass the time of the export as ISO 8601');
  return d.toISOString().replace(/[-:TZ.]/g, '');
}

// Windows-1252 differs from Latin-1 only in 0x80–0x9F, where it has these.
const CP1252_HIGH: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02c6: 0x88,
  0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93,
  0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98, 0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b,
  0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};

/** Text as Windows-1252 bytes; a character it cannot hold becomes '?'. */
export function encodeCp1252(text: string): Buffer {
  const s = text.normalize('NFC');
  const out = Buffer.alloc(s.length);
  let n = 0;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) out[n++] = code;
    else out[n++] = CP1252_HIGH[code] ?? 0x3f;
  }
  return out.subarray(0, n);
}
