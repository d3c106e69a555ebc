/**
 * The EPC QR code ("GiroCode", "SEPA QR"): a SEPA credit transfer the customer
 * scans with a banking app. Payload per EPC069-12 "Quick Response Code:
 * Guidelines to Enable Data Capture for the Initiation of a SEPA Credit
 * Transfer", version 002, character set 1 (UTF-8), identification SCT.
 * https://www.europeanpaymentscouncil.eu/document-library/guidance-documents/quick-response-code-guidelines-enable-data-capture-initiation
 *
 * The QR symbol itself must use error correction level M and be at most
 * version 13, which is where the 331-byte limit on the payload comes from.
 */
import { KassaError } from './errors.js';
import { isValidIban } from './settings.js';

export interface EpcPayment {
  /** The beneficiary: the shop's name (`store.name`). */
  name: string;
  /** The beneficiary's IBAN (`store.iban`); spaces and lower case are accepted. */
  iban: string;
  /** Optional since version 002 within the EEA. */
  bic?: string;
  amountCents: number;
  /** Free text for the shop's bank statement, e.g. the sale's reference. */
  remittance: string;
}

export const EPC_MAX_NAME_CHARS = 70;
export const EPC_MAX_REMITTANCE_CHARS = 140;
export const EPC_MAX_PAYLOAD_BYTES = 331;
export const EPC_MIN_AMOUNT_CENTS = 1;
export const EPC_MAX_AMOUNT_CENTS = 99_999_999_999; // EUR 999999999.99

const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;

/**
 * The payload text to encode in the QR code, lines separated by LF.
 *
 * The name and the remittance text are truncated, not refused, when too long
 * (70 and 140 characters, and then to keep the whole payload within 331 bytes
 * of UTF-8, the remittance first): they come from the shop's own settings and
 * sale references, a shortened name still identifies the shop to the payer,
 * and refusing would leave a customer at the till with no way to pay. The
 * IBAN and the amount decide where the money goes, so those are refused when
 * wrong.
 *
 * Trailing empty elements (purpose, structured reference, remittance when
 * empty) are omitted: the guideline ends the payload at the last populated
 * element, with no separator after it. The optional "beneficiary to
 * originator information" line is never written.
 */
export function epcQrPayload(p: EpcPayment): string {
  const iban = p.iban.replace(/\s/g, '').toUpperCase();
  if (iban === '') {
    throw new KassaError('INVALID_QR_PAYMENT', 'cannot make a payment QR code: the store has no IBAN', 'set it: kassa config set store.iban NL91ABNA0417164300');
  }
  if (!isValidIban(iban)) {
    throw new KassaError('INVALID_QR_PAYMENT', `cannot make a payment QR code: "${p.iban}" is not a valid IBAN`, 'check store.iban: kassa config set store.iban <IBAN>');
  }

  const bic = (p.bic ?? '').replace(/\s/g, '').toUpperCase();
  if (bic !== '' && !BIC.test(bic)) {
    throw new KassaError('INVALID_QR_PAYMENT', `cannot make a payment QR code: "${p.bic}" is not a BIC`, 'a BIC has 8 or 11 letters and digits (e.g. ABNANL2A); or leave it out');
  }

  const c = p.amountCents;
  if (!Number.isSafeInteger(c) || c < EPC_MIN_AMOUNT_CENTS || c > EPC_MAX_AMOUNT_CENTS) {
    throw new KassaError(
      'INVALID_QR_PAYMENT',
      `cannot make a payment QR code for ${String(c)} cents: the amount must be from EUR 0.01 to EUR 999999999.99`,
      'take this amount another way (card or cash)',
    );
  }

  let name = truncateChars(oneLine(p.name), EPC_MAX_NAME_CHARS);
  if (name === '') {
    throw new KassaError('INVALID_QR_PAYMENT', 'cannot make a payment QR code: the store has no name', 'set it: kassa config set store.name "My Shop"');
  }
  let remittance = truncateChars(oneLine(p.remittance), EPC_MAX_REMITTANCE_CHARS);

  const frac = c % 100;
  const amount = `EUR${(c - frac) / 100}.${frac < 10 ? '0' : ''}${frac}`;
  const build = (): string => {
    const lines = ['BCD', '002', '1', 'SCT', bic, name, iban, amount, '', '', remittance];
    while (lines[lines.length - 1] === '') lines.pop();
    return lines.join('\n');
  };

  // Only text outside ASCII can push past 331 bytes (all-ASCII maximum: 290).
  let payload = build();
  let over = utf8Length(payload) - EPC_MAX_PAYLOAD_BYTES;
  if (over > 0) {
    remittance = truncateBytes(remittance, utf8Length(remittance) - over);
    payload = build();
    over = utf8Length(payload) - EPC_MAX_PAYLOAD_BYTES;
  }
  if (over > 0) {
    name = truncateBytes(name, utf8Length(name) - over);
    payload = build();
  }
  return payload;
}

/** A line break or control character inside a field would shift every field after it. */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/** The first max code points: the guideline counts characters, and a surrogate pair is one. */
function truncateChars(s: string, max: number): string {
  const cps = Array.from(s);
  return cps.length <= max ? s : cps.slice(0, max).join('').trimEnd();
}

/** The longest prefix of whole code points that fits in maxBytes of UTF-8. */
function truncateBytes(s: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const cp of s) {
    const n = utf8Length(cp);
    if (bytes + n > maxBytes) break;
    out += cp;
    bytes += n;
  }
  return out.trimEnd();
}

const encoder = new TextEncoder();

export function utf8Length(s: string): number {
  return encoder.encode(s).length;
}
