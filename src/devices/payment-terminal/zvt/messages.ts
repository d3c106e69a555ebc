/**
 * ZVT messages, pure: the commands the till (the ECR) sends and what the
 * terminal (the PT) answers, per "ECR-Interface ZVT-Protocol" (PA00P015).
 *
 * A command goes out; the terminal acknowledges it (80 00 00) or refuses it
 * (84 xx 00); it then sends intermediate statuses (04 FF), the transaction's
 * status information (04 0F), receipt lines (06 D1 / 06 D3), and ends with a
 * completion (06 0F) or an abort (06 1E). The till answers each of those with
 * 80 00 00.
 */
import type { TerminalState } from '../types.js';
import {
  decodeStatusInformation,
  decodeText,
  encodeAmount,
  decodeBcd,
  encodeApdu,
  encodeCurrency,
  encodePassword,
  encodeReceiptNo,
  findTlv,
  parseBmps,
  parseTlv,
  resultText,
  terminalStatusText,
  type Apdu,
  type StatusInformation,
  type Tlv,
} from './apdu.js';

// ---------------------------------------------------------------------------
// From the till

/**
 * Registration config byte (06 00): the till prints the receipts for payments
 * (02) and administration (04), wants intermediate statuses (08), controls
 * payments (10) and administration (20) so nobody starts them on the terminal's
 * keypad, and takes the receipts as print lines (80).
 */
export const DEFAULT_CONFIG_BYTE = 0x02 | 0x04 | 0x08 | 0x10 | 0x20 | 0x80;
/** Service byte (BMP 03): the terminal's service menu is not on its function key. */
export const DEFAULT_SERVICE_BYTE = 0x01;

/** 80 00 00: positive acknowledgement. */
export function ack(): Uint8Array {
  return encodeApdu(0x80, 0x00);
}

/** 84 xx 00: negative acknowledgement with a result code (84 66 00 refuses a status information). */
export function nack(code: number): Uint8Array {
  return encodeApdu(0x84, code);
}

export interface RegistrationFields {
  password: string;
  configByte?: number;
  /** ISO 4217 number; 978 = EUR. */
  currency?: number;
  serviceByte?: number;
}

/** 06 00 <password> <config-byte> [<CC>] [03 <service-byte>]: the currency is untagged here. */
export function registration(f: RegistrationFields): Uint8Array {
  const parts = [encodePassword(f.password), Uint8Array.of(f.configByte ?? DEFAULT_CONFIG_BYTE)];
  if (f.currency !== undefined) parts.push(encodeCurrency(f.currency));
  if (f.currency !== undefined && f.serviceByte !== undefined) parts.push(Uint8Array.of(0x03, f.serviceByte));
  return encodeApdu(0x06, 0x00, join(parts));
}

export interface AuthorisationFields {
  amountCents: number;
  currency?: number;
  /** BMP 19: 0x40 = girocard with PIN, 0x50 = direct debit…; omitted = the terminal decides. */
  paymentType?: number;
}

/** 06 01 04 <amount> [49 <CC>] [19 <payment-type>]: a payment. */
export function authorisation(f: AuthorisationFields): Uint8Array {
  const parts = [Uint8Array.of(0x04), encodeAmount(f.amountCents)];
  if (f.currency !== undefined) parts.push(Uint8Array.of(0x49), encodeCurrency(f.currency));
  if (f.paymentType !== undefined) parts.push(Uint8Array.of(0x19, f.paymentType));
  return encodeApdu(0x06, 0x01, join(parts));
}

export interface RefundFields {
  password: string;
  amountCents: number;
  currency?: number;
}

/** 06 31 <password> 04 <amount> [49 <CC>]: money back to the card. */
export function refund(f: RefundFields): Uint8Array {
  const parts = [encodePassword(f.password), Uint8Array.of(0x04), encodeAmount(f.amountCents)];
  if (f.currency !== undefined) parts.push(Uint8Array.of(0x49), encodeCurrency(f.currency));
  return encodeApdu(0x06, 0x31, join(parts));
}

/** 06 30 <password> 87 <receipt-no>: reverse (void) an earlier payment by its receipt number. */
export function reversal(f: { password: string; receiptNo: string }): Uint8Array {
  return encodeApdu(0x06, 0x30, join([encodePassword(f.password), Uint8Array.of(0x87), encodeReceiptNo(f.receiptNo)]));
}

/** 06 B0 00: ask the terminal to abort what it is doing. */
export function abort(): Uint8Array {
  return encodeApdu(0x06, 0xb0);
}

/** 06 02 00: log off. */
export function logOff(): Uint8Array {
  return encodeApdu(0x06, 0x02);
}

/** 05 01 <password> [03 <service-byte>]: is the terminal ready? */
export function statusEnquiry(f: { password: string; serviceByte?: number }): Uint8Array {
  const parts = [encodePassword(f.password)];
  if (f.serviceByte !== undefined) parts.push(Uint8Array.of(0x03, f.serviceByte));
  return encodeApdu(0x05, 0x01, join(parts));
}

// ---------------------------------------------------------------------------
// From the terminal

export type TerminalMessage =
  /** 80 00 (or 84 00): the command was accepted. */
  | { type: 'ack' }
  /** 84 xx: the command was refused. */
  | { type: 'nack'; code: number; reason: string }
  /** 04 FF: what the terminal is doing now. */
  | { type: 'intermediate'; code: number; state: TerminalState; message: string }
  /** 04 0F: the result of the transaction and what the till may keep. */
  | { type: 'status'; info: StatusInformation }
  /** 06 D1: one receipt line; `lastLine` ends a receipt; `feed` blank lines to add. */
  | { type: 'print-line'; text: string; lastLine: boolean; feed: number }
  /** 06 D3: a receipt as a text block; 1 merchant, 2 customer, 3 administration. */
  | { type: 'print-block'; receiptType: number | null; lines: string[] }
  /** 06 0F: the command is done; its data depends on the command (see decodeCompletion). */
  | { type: 'completion'; data: Uint8Array }
  /** 06 1E: the command ended without success. */
  | { type: 'abort'; resultCode: number; reason: string }
  /** 06 B0: an abort request. */
  | { type: 'abort-request' }
  /** Anything else, or bytes that do not decode. */
  | { type: 'other'; cls: number; ins: number; error?: string };

/** What an APDU from the terminal says. Never throws: bytes that do not decode are `other` with an error. */
export function decodeMessage(a: Apdu): TerminalMessage {
  try {
    return decode(a);
  } catch (e) {
    return { type: 'other', cls: a.cls, ins: a.ins, error: (e as Error).message };
  }
}

function decode(a: Apdu): TerminalMessage {
  const { cls, ins, data } = a;
  if (cls === 0x80 && ins === 0x00) return { type: 'ack' };
  if (cls === 0x84) return ins === 0x00 ? { type: 'ack' } : { type: 'nack', code: ins, reason: resultText(ins) };
  if (cls === 0x04 && ins === 0xff) return intermediate(data);
  if (cls === 0x04 && ins === 0x0f) return { type: 'status', info: decodeStatusInformation(data) };
  if (cls === 0x06) {
    switch (ins) {
      case 0xd1:
        return printLine(data);
      case 0xd3:
        return printBlock(data);
      case 0x0f:
        return { type: 'completion', data };
      case 0x1e: {
        // A bare 06 1E 00 carries no code: the specification's "no error" would mislead, so say system error.
        const code = data.length ? data[0]! : 0xff;
        return { type: 'abort', resultCode: code, reason: resultText(code) };
      }
      case 0xb0:
        return { type: 'abort-request' };
      default:
        break;
    }
  }
  return { type: 'other', cls, ins };
}

/**
 * Intermediate status codes (04 FF) from the specification: what the screen
 * shows and in which state the payment is. The customer's turn is
 * `waiting_for_card`; the terminal's (or its host's) is `processing`.
 */
const INTERMEDIATE: Record<number, [TerminalState, string]> = {
  0x00: ['waiting_for_card', 'the customer confirms the amount'],
  0x01: ['waiting_for_card', 'watch the PIN pad'],
  0x02: ['waiting_for_card', 'watch the PIN pad'],
  0x03: ['processing', 'not accepted'],
  0x04: ['processing', 'waiting for the card issuer'],
  0x05: ['processing', 'sending an automatic reversal'],
  0x06: ['processing', 'sending post-bookings'],
  0x07: ['processing', 'card not admitted'],
  0x08: ['processing', 'card unknown'],
  0x09: ['processing', 'card expired'],
  0x0a: ['waiting_for_card', 'insert or present the card'],
  0x0b: ['waiting_for_card', 'remove the card'],
  0x0c: ['processing', 'card not readable'],
  0x0d: ['processing', 'processing error'],
  0x0e: ['processing', 'please wait…'],
  0x0f: ['processing', 'the terminal is running its end-of-day batch'],
  0x10: ['processing', 'invalid card'],
  0x11: ['processing', 'showing the balance'],
  0x12: ['processing', 'system malfunction'],
  0x13: ['processing', 'payment not possible'],
  0x14: ['processing', 'credit not sufficient'],
  0x15: ['waiting_for_card', 'incorrect PIN'],
  0x16: ['processing', 'limit not sufficient'],
  0x17: ['processing', 'please wait…'],
  0x18: ['processing', 'PIN try limit exceeded'],
  0x19: ['processing', 'card data incorrect'],
  0x1a: ['processing', 'service mode'],
  0x1b: ['processing', 'approved, please fill up'],
  0x1c: ['processing', 'approved, please take the goods'],
  0x1d: ['processing', 'declined'],
  0x26: ['waiting_for_card', 'enter the mobile number'],
  0x27: ['waiting_for_card', 'repeat the mobile number'],
  0x28: ['waiting_for_card', 'choose the currency'],
  0x29: ['waiting_for_card', 'choose the language'],
  0x2a: ['waiting_for_card', 'insert the card to load it'],
  0x2b: ['processing', 'emergency transaction, please wait'],
  0x2c: ['waiting_for_card', 'choose the application'],
  0x41: ['waiting_for_card', 'watch the PIN pad, then remove the card'],
  0x43: ['waiting_for_card', 'watch the PIN pad, then remove the card'],
  0x47: ['waiting_for_card', 'not accepted: remove the card'],
  0x4b: ['waiting_for_card', 'remove the card'],
  0x4c: ['waiting_for_card', 'card not readable: remove the card'],
  0x4d: ['waiting_for_card', 'processing error: remove the card'],
  0xd2: ['processing', 'dialling up'],
  0xd3: ['processing', 'connected'],
  0xe0: ['waiting_for_card', 'choose the application'],
  0xe1: ['waiting_for_card', 'choose the language'],
  0xe2: ['processing', 'the terminal asks for its cleaning card'],
  0xf1: ['processing', 'offline'],
  0xf2: ['processing', 'online'],
  0xf3: ['processing', 'offline transaction'],
};

/** 04 FF <status> [<timeout>] [06 <TLV>]: the TLV may carry the terminal's own display texts (tag 24). */
function intermediate(data: Uint8Array): TerminalMessage {
  const code = data[0] ?? 0xff;
  const [state, fallback] = INTERMEDIATE[code] ?? ['processing', `terminal status 0x${code.toString(16).toUpperCase().padStart(2, '0')}`];
  let message = fallback;
  if (data.length > 2) {
    try {
      const container = parseBmps(data.subarray(2)).bmps.find((b) => b.id === 0x06);
      const shown = container ? textLines(findTlv(parseTlv(container.value), 0x24)) : [];
      if (shown.length) message = shown.join(' ');
    } catch {
      /* a TLV that does not decode leaves the standard text */
    }
  }
  return { type: 'intermediate', code, state, message };
}

/** 06 D1 <attribute> <text>: attribute FF = line feeds (their count follows); top bit set = the receipt's last line. */
function printLine(data: Uint8Array): TerminalMessage {
  const attribute = data[0] ?? 0;
  if (attribute === 0xff) return { type: 'print-line', text: '', lastLine: false, feed: data[1] ?? 1 };
  const lastLine = (attribute & 0x80) !== 0 && attribute !== 0x80;
  return { type: 'print-line', text: decodeText(data.subarray(1)).trimEnd(), lastLine, feed: 0 };
}

/** 06 D3 06 <TLV>: tag 1F07 the receipt type, tag 25 (print texts) holding tag 07 text lines. */
function printBlock(data: Uint8Array): TerminalMessage {
  const container = parseBmps(data).bmps.find((b) => b.id === 0x06);
  const objects = container ? parseTlv(container.value) : [];
  const type = findTlv(objects, 0x1f07)[0];
  const receiptType = type && type.value.length ? type.value[type.value.length - 1]! : null;
  const texts = findTlv(objects, 0x25);
  const lines = texts.length ? textLines(texts) : textLines(objects.filter((o) => o.tag === 0x07));
  return { type: 'print-block', receiptType, lines };
}

function textLines(objects: Tlv[]): string[] {
  const lines: string[] = [];
  for (const o of objects) {
    if (o.tag === 0x07) lines.push(decodeText(o.value).trimEnd());
    else lines.push(...textLines(o.children));
  }
  return lines;
}

// ---------------------------------------------------------------------------
// Completions

export interface Completion {
  resultCode: number | null;
  /** BMP 19 status byte of a Registration's completion. */
  statusByte: number | null;
  terminalId: string | null;
  currency: number | null;
}

/** 06 0F [27 <result>] [19 <status-byte>] [29 <TID>] [49 <CC>] [06 <TLV>]: the completion of a payment or registration. */
export function decodeCompletion(data: Uint8Array): Completion {
  const c: Completion = { resultCode: null, statusByte: null, terminalId: null, currency: null };
  for (const { id, value } of parseBmps(data).bmps) {
    if (id === 0x27) c.resultCode = value[0]!;
    else if (id === 0x19) c.statusByte = value[0]!;
    else if (id === 0x29) c.terminalId = decodeBcdSafe(value);
    else if (id === 0x49) c.currency = Number(decodeBcdSafe(value) ?? NaN);
  }
  return c;
}

export interface StatusEnquiryCompletion {
  softwareVersion: string;
  /** Terminal status code: 0 = ready. */
  statusCode: number;
  status: string;
  tlv: Tlv[];
}

/** 06 0F <software-version (LLLVAR)> <terminal-status-code> [06 <TLV>]: the completion of a Status Enquiry. */
export function decodeStatusEnquiryCompletion(data: Uint8Array): StatusEnquiryCompletion {
  if (data.length < 4) throw new RangeError(`a status enquiry completion of ${data.length} bytes is too short`);
  let n = 0;
  for (let k = 0; k < 3; k++) {
    const b = data[k]!;
    if (b >> 4 !== 0xf || (b & 0x0f) > 9) throw new RangeError('a status enquiry completion starts with the LLLVAR software version');
    n = n * 10 + (b & 0x0f);
  }
  if (data.length < 3 + n + 1) throw new RangeError('a status enquiry completion is cut short');
  const softwareVersion = decodeText(data.subarray(3, 3 + n)).trim();
  const statusCode = data[3 + n]!;
  let tlv: Tlv[] = [];
  try {
    const c = parseBmps(data.subarray(4 + n)).bmps.find((b) => b.id === 0x06);
    if (c) tlv = parseTlv(c.value);
  } catch {
    /* the TLV is extra information; the status code is what counts */
  }
  return { softwareVersion, statusCode, status: terminalStatusText(statusCode), tlv };
}

/** A TID with a stray nibble is reported as absent rather than failing the whole message. */
function decodeBcdSafe(bytes: Uint8Array): string | null {
  try {
    return decodeBcd(bytes);
  } catch {
    return null;
  }
}

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
