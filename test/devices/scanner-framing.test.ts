import { describe, expect, it } from 'vitest';
import { CodeFramer, MAX_CODE_LENGTH, frameCodes } from '../../src/devices/scanner/framing.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');

describe('CodeFramer', () => {
  // Each row: the chunks as they arrive; the codes once the line goes quiet.
  const cases: { name: string; chunks: string[]; codes: string[] }[] = [
    { name: 'CR terminator', chunks: ['4006381333931\r'], codes: ['4006381333931'] },
    { name: 'LF terminator', chunks: ['4006381333931\n'], codes: ['4006381333931'] },
    { name: 'CRLF is one terminator', chunks: ['4006381333931\r\n'], codes: ['4006381333931'] },
    { name: 'CRLF split between chunks', chunks: ['4006381333931\r', '\n96385074\r', '\n'], codes: ['4006381333931', '96385074'] },
    { name: 'code split across chunks', chunks: ['40063', '8133', '3931\r'], codes: ['4006381333931'] },
    { name: 'several codes in one chunk', chunks: ['4006381333931\rR1-000123\rSKU-7\r'], codes: ['4006381333931', 'R1-000123', 'SKU-7'] },
    { name: 'empty codes ignored', chunks: ['\r\r\n\n\r\nA1\r\r'], codes: ['A1'] },
    { name: 'LFCR suffix (some scanners)', chunks: ['A1\n\rB2\n\r'], codes: ['A1', 'B2'] },
    { name: 'no terminator: the pause ends the code', chunks: ['4006381333931'], codes: ['4006381333931'] },
    { name: 'STX/ETX wrapper stripped', chunks: ['\x024006381333931\x03\r'], codes: ['4006381333931'] },
    { name: 'TAB, DEL, NUL and C1 controls stripped', chunks: ['AB\tC\x7f\x00D\x85\r'], codes: ['ABCD'] },
    { name: 'GS (FNC1) stripped', chunks: ['0104006381333931\x1d10ABC\r'], codes: ['010400638133393110ABC'] },
    { name: 'surrounding spaces trimmed, inner kept', chunks: ['  A B  \r'], codes: ['A B'] },
    { name: 'only spaces is no code', chunks: ['   \r'], codes: [] },
    { name: 'latin1 decoded', chunks: ['Gr\xfc\xdfe\r'], codes: ['Grüße'] },
    { name: 'AIM ]E0 before EAN-13 removed', chunks: [']E04006381333931\r'], codes: ['4006381333931'] },
    { name: 'AIM ]E4 before EAN-8 removed', chunks: [']E496385074\r'], codes: ['96385074'] },
    { name: 'other AIM identifiers kept', chunks: [']C1010400638133393110ABC\r', ']A0SKU-7\r'], codes: [']C1010400638133393110ABC', ']A0SKU-7'] },
    { name: ']E0 with a non-EAN body kept', chunks: [']E0123\r'], codes: [']E0123'] },
  ];

  it.each(cases)('$name', ({ chunks, codes }) => {
    expect(frameCodes(chunks.map(bytes))).toEqual(codes);
  });

  it('returns a terminated code as soon as its terminator arrives, and waits for the rest', () => {
    const f = new CodeFramer();
    expect(f.push(bytes('ABC'))).toEqual([]);
    expect(f.partial).toBe(true);
    expect(f.terminated).toBe(false);
    expect(f.push(bytes('\rDE'))).toEqual(['ABC']);
    expect(f.terminated).toBe(true);
    expect(f.push(bytes('F\n'))).toEqual(['DEF']);
    expect(f.partial).toBe(false);
    expect(f.flush()).toEqual([]);
  });

  it('forgets half a code on reset', () => {
    const f = new CodeFramer();
    f.push(bytes('40063'));
    f.reset();
    expect(f.push(bytes('96385074\r'))).toEqual(['96385074']);
  });

  it('cuts endless input without a terminator at the maximum length', () => {
    const f = new CodeFramer();
    f.push(Buffer.alloc(MAX_CODE_LENGTH + 100, 'A'));
    expect(f.flush()).toEqual(['A'.repeat(MAX_CODE_LENGTH)]);
  });
});
