import { describe, expect, it } from 'vitest';
import { EPC_MAX_PAYLOAD_BYTES, epcQrPayload, utf8Length } from '../../src/core/epc-qr.js';
import type { EpcPayment } from '../../src/core/epc-qr.js';
import { KassaError } from '../../src/core/errors.js';
import { isValidIban } from '../../src/core/settings.js';

/** ISO 13616 check digits, computed independently of the code under test (BigInt mod 97). */
function withCheckDigits(country: string, bban: string): string {
  const digits = [...bban + country + '00'].map((ch) => (/[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch)).join('');
  const check = 98n - (BigInt(digits) % 97n);
  return country + String(check).padStart(2, '0') + bban;
}

const RED_CROSS: EpcPayment = { name: 'Red Cross', bic: 'BPOTBEB1', iban: 'BE72000000001616', amountCents: 100, remittance: 'Urgency fund' };
/** The longest IBAN the format allows: 34 characters. */
const IBAN_34 = withCheckDigits('MT', 'MALT011000012345MTLCAST001SABC');

function refusal(p: EpcPayment): KassaError {
  try {
    epcQrPayload(p);
  } catch (e) {
    if (e instanceof KassaError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('epcQrPayload', () => {
  it("writes the EPC guideline's Red Cross example as version 002, UTF-8", () => {
    expect(epcQrPayload(RED_CROSS)).toBe(['BCD', '002', '1', 'SCT', 'BPOTBEB1', 'Red Cross', 'BE72000000001616', 'EUR1.00', '', '', 'Urgency fund'].join('\n'));
  });

  it('leaves the BIC line empty when there is none, and accepts an IBAN as people write it', () => {
    expect(epcQrPayload({ name: 'Bakkerij De Korenschoof', iban: 'nl91 abna 0417 1643 00', amountCents: 1250, remittance: 'R1-000123' })).toBe(
      'BCD\n002\n1\nSCT\n\nBakkerij De Korenschoof\nNL91ABNA0417164300\nEUR12.50\n\n\nR1-000123',
    );
  });

  it('ends at the last populated element: no remittance, no trailing separators', () => {
    expect(epcQrPayload({ ...RED_CROSS, remittance: '  ' })).toBe('BCD\n002\n1\nSCT\nBPOTBEB1\nRed Cross\nBE72000000001616\nEUR1.00');
  });

  it.each<[number, string]>([
    [1, 'EUR0.01'],
    [10, 'EUR0.10'],
    [105, 'EUR1.05'],
    [123456, 'EUR1234.56'],
    [99_999_999_999, 'EUR999999999.99'],
  ])('writes %d cents as %s', (amountCents, line) => {
    expect(epcQrPayload({ ...RED_CROSS, amountCents }).split('\n')[7]).toBe(line);
  });

  it('keeps a line break or tab in a field from shifting the fields after it', () => {
    const lines = epcQrPayload({ ...RED_CROSS, name: 'Red\r\nCross\t', remittance: 'Urgency\nfund' }).split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[5]).toBe('Red Cross');
    expect(lines[10]).toBe('Urgency fund');
  });

  it('truncates a name over 70 characters and a remittance over 140, counting characters not UTF-16 units', () => {
    const name = 'N'.repeat(69) + '😀' + 'XYZ';
    const lines = epcQrPayload({ ...RED_CROSS, name, remittance: 'r'.repeat(150) }).split('\n');
    expect(lines[5]).toBe('N'.repeat(69) + '😀');
    expect(lines[10]).toBe('r'.repeat(140));
  });

  it('stays within 331 bytes with every field at its longest in ASCII', () => {
    const p = epcQrPayload({ name: 'N'.repeat(70), bic: 'ABNANL2AXXX', iban: IBAN_34, amountCents: 99_999_999_999, remittance: 'R'.repeat(140) });
    expect(isValidIban(IBAN_34)).toBe(true);
    expect(IBAN_34).toHaveLength(34);
    expect(utf8Length(p)).toBe(290); // so only text outside ASCII can reach the limit
  });

  it('shortens the remittance, then the name, to fit 331 bytes when the text is not ASCII', () => {
    const full = { name: 'é'.repeat(70), bic: 'ABNANL2AXXX', iban: IBAN_34, amountCents: 99_999_999_999, remittance: '€'.repeat(140) };
    const p = epcQrPayload(full);
    expect(utf8Length(p)).toBeLessThanOrEqual(EPC_MAX_PAYLOAD_BYTES);
    expect(utf8Length(p)).toBeGreaterThan(EPC_MAX_PAYLOAD_BYTES - 3); // as much as fits: '€' is 3 bytes
    const lines = p.split('\n');
    expect(lines[5]).toBe('é'.repeat(70));
    expect(lines[10]).toMatch(/^€+$/);

    const onlyName = epcQrPayload({ ...full, name: '😀'.repeat(70) });
    expect(utf8Length(onlyName)).toBeLessThanOrEqual(EPC_MAX_PAYLOAD_BYTES);
    expect(onlyName.split('\n')).toHaveLength(8); // the remittance gave way entirely
    expect(onlyName.split('\n')[5]).toMatch(/^(😀)+$/);
  });

  it.each<[string, Partial<EpcPayment>, RegExp]>([
    ['no IBAN', { iban: '' }, /no IBAN/],
    ['an IBAN with wrong check digits', { iban: 'BE73000000001616' }, /not a valid IBAN/],
    ['an account number that is no IBAN', { iban: '0417164300' }, /not a valid IBAN/],
    ['a malformed BIC', { bic: 'BPOTBE' }, /not a BIC/],
    ['a zero amount', { amountCents: 0 }, /from EUR 0\.01 to EUR 999999999\.99/],
    ['a negative amount (a refund)', { amountCents: -100 }, /from EUR 0\.01/],
    ['an amount over EUR 999,999,999.99', { amountCents: 100_000_000_000 }, /from EUR 0\.01/],
    ['a fraction of a cent', { amountCents: 1.5 }, /from EUR 0\.01/],
    ['NaN', { amountCents: Number.NaN }, /from EUR 0\.01/],
    ['an empty name', { name: '' }, /no name/],
    ['a name of only spaces and line breaks', { name: ' \n\t ' }, /no name/],
  ])('refuses %s with INVALID_QR_PAYMENT and a hint', (_what, change, message) => {
    const e = refusal({ ...RED_CROSS, ...change });
    expect(e.code).toBe('INVALID_QR_PAYMENT');
    expect(e.message).toMatch(message);
    expect(e.hint).toBeTruthy();
  });
});
