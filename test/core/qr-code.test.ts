import jsQRModule from 'jsqr';
import { describe, expect, it } from 'vitest';
import { epcQrPayload, utf8Length } from '../../src/core/epc-qr.js';
import type { EpcPayment } from '../../src/core/epc-qr.js';
import { qrMatrix, qrVersionOf } from '../../src/core/qr-code.js';
import type { QrEcLevel } from '../../src/core/qr-code.js';

// jsqr is CommonJS with `exports.default`; under NodeNext the default import is the whole module.
const jsQR = jsQRModule.default;

/** Paints the matrix as a phone camera would see it on paper: black on white, `scale` px a module. */
function toRgba(matrix: boolean[][], scale = 4, quiet = 4): { data: Uint8ClampedArray; size: number } {
  const size = (matrix.length + 2 * quiet) * scale;
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dark = matrix[Math.floor(y / scale) - quiet]?.[Math.floor(x / scale) - quiet] ?? false;
      data.fill(dark ? 0 : 255, (y * size + x) * 4, (y * size + x) * 4 + 3);
      data[(y * size + x) * 4 + 3] = 255;
    }
  }
  return { data, size };
}

function decode(matrix: boolean[][]): { text: string; bytes: number[]; version: number } | null {
  const { data, size } = toRgba(matrix);
  const r = jsQR(data, size, size, { inversionAttempts: 'dontInvert' });
  return r && { text: r.data, bytes: r.binaryData, version: r.version };
}

/**
 * The 15 format bits, read from both copies (ISO/IEC 18004 §7.9), checked
 * with their BCH code: the error correction level and the mask the symbol
 * claims. jsqr does not report the level, so this is how a test sees it.
 */
function formatInfo(m: boolean[][]): { ecLevel: QrEcLevel; mask: number } {
  const n = m.length;
  const at = (row: number, col: number): number => (m[row]![col]! ? 1 : 0);
  let first = 0;
  let second = 0;
  for (let i = 0; i <= 5; i++) first |= at(i, 8) << i;
  first |= at(7, 8) << 6;
  first |= at(8, 8) << 7;
  first |= at(8, 7) << 8;
  for (let i = 9; i < 15; i++) first |= at(8, 14 - i) << i;
  for (let i = 0; i < 8; i++) second |= at(8, n - 1 - i) << i;
  for (let i = 8; i < 15; i++) second |= at(n - 15 + i, 8) << i;
  expect(second).toBe(first);
  const data = (first ^ 0x5412) >> 10;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  expect(((data << 10) | rem) ^ 0x5412).toBe(first);
  expect(at(n - 8, 8)).toBe(1); // the dark module
  return { ecLevel: (['M', 'L', 'H', 'Q'] as const)[data >> 3]!, mask: data & 7 };
}

/** ISO 13616 check digits (BigInt mod 97). */
function withCheckDigits(country: string, bban: string): string {
  const digits = [...bban + country + '00'].map((ch) => (/[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch)).join('');
  return country + String(98n - (BigInt(digits) % 97n)).padStart(2, '0') + bban;
}

const IBAN_34 = withCheckDigits('MT', 'MALT011000012345MTLCAST001SABC');
const PAYMENTS: [what: string, p: EpcPayment][] = [
  ['the Red Cross example', { name: 'Red Cross', bic: 'BPOTBEB1', iban: 'BE72000000001616', amountCents: 100, remittance: 'Urgency fund' }],
  ['a till payment without BIC', { name: 'Kassa Demo Winkel', iban: 'NL91ABNA0417164300', amountCents: 1_234, remittance: 'R1-000123' }],
  ['no remittance', { name: 'K', iban: 'NL91ABNA0417164300', amountCents: 1, remittance: '' }],
  ['accents and a euro sign', { name: 'Crêperie Ænœ — Café', iban: 'DE89370400440532013000', amountCents: 4_250, remittance: 'Bon 17 – 2 crêpes à € 21,25' }],
  ['every field at its longest in ASCII', { name: 'N'.repeat(70), bic: 'ABNANL2AXXX', iban: IBAN_34, amountCents: 99_999_999_999, remittance: 'R'.repeat(140) }],
  ['the full 331 bytes', { name: 'é'.repeat(70), bic: 'ABNANL2AXXX', iban: IBAN_34, amountCents: 99_999_999_999, remittance: 'R' + 'ü'.repeat(140) }],
];

describe('qrMatrix', () => {
  it.each(PAYMENTS)('round-trips %s through a real decoder, at level M and version 13 at most', (_what, p) => {
    const payload = epcQrPayload(p);
    const m = qrMatrix(payload, 'M');
    expect(m.every((row) => row.length === m.length)).toBe(true);
    const version = qrVersionOf(m);
    expect(Number.isInteger(version)).toBe(true);
    expect(version).toBeLessThanOrEqual(13); // EPC069-12
    expect(formatInfo(m).ecLevel).toBe('M');

    const d = decode(m);
    expect(d).not.toBeNull();
    expect(d!.version).toBe(version);
    expect(d!.bytes).toEqual([...new TextEncoder().encode(payload)]);
    expect(d!.text).toBe(payload);
  });

  it('fills version 13 exactly with the longest EPC payload, 331 bytes at level M', () => {
    const payload = epcQrPayload(PAYMENTS[5]![1]);
    expect(utf8Length(payload)).toBe(331);
    expect(qrVersionOf(qrMatrix(payload, 'M'))).toBe(13);
    expect(qrVersionOf(qrMatrix(payload + 'x', 'M'))).toBe(14);
  });

  it.each<QrEcLevel>(['L', 'M', 'Q', 'H'])('encodes at level %s and says so in the format bits', (level) => {
    const m = qrMatrix('R1-000123 € 12,50', level);
    expect(formatInfo(m).ecLevel).toBe(level);
    expect(decode(m)?.text).toBe('R1-000123 € 12,50');
  });

  it('picks the smallest version: 21 modules for a short text', () => {
    expect(qrMatrix('BCD', 'M')).toHaveLength(21);
  });

  it('refuses text that does not fit in version 40 with a RangeError', () => {
    expect(() => qrMatrix('x'.repeat(2332), 'M')).toThrow(RangeError);
    expect(qrVersionOf(qrMatrix('x'.repeat(2331), 'M'))).toBe(40);
  });
});
