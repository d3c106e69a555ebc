import { describe, expect, it } from 'vitest';
import { KassaError } from '../../src/core/errors.js';
import type { PaperWidth } from '../../src/core/settings.js';
import { encodeCp858, encodeDocument, encodeDrawerKick, encodeStatusRequest, type PrintDocument } from '../../src/devices/printer/escpos.js';
import { renderPreview } from '../../src/devices/printer/preview.js';
import { decodeStatus, describeStatus, isStatusByte, readyToPrint, type PrinterStatus } from '../../src/devices/printer/status.js';
import { actions, decodeEscPos, textLines } from '../helpers/escpos-decoder.js';
import { statusBytes } from '../helpers/tcp-printer.js';
import { QR_URL, receiptDocument, renderedLines } from './printer-fixtures.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').replace(/(..)(?!$)/g, '$1 ');

describe('drawer kick', () => {
  it.each([
    [{ pin: 2, onMs: 100, offMs: 200 }, '1b 70 00 32 64'],
    [{ pin: 5, onMs: 100, offMs: 200 }, '1b 70 01 32 64'],
    [{ pin: 2, onMs: 2, offMs: 510 }, '1b 70 00 01 ff'],
    [{ pin: 5, onMs: 50, offMs: 50 }, '1b 70 01 19 19'],
  ] as const)('%o is exactly %s (5 bytes, not the library 3)', (pulse, bytes) => {
    expect(hex(encodeDrawerKick(pulse))).toBe(bytes);
  });

  it.each([
    [{ pin: 3 as 2, onMs: 100, offMs: 200 }, /pin 3/],
    [{ pin: 2, onMs: 101, offMs: 200 }, /101 ms/],
    [{ pin: 2, onMs: 0, offMs: 200 }, /0 ms/],
    [{ pin: 2, onMs: 100, offMs: 512 }, /512 ms/],
  ] as const)('refuses %o', (pulse, msg) => {
    expect(() => encodeDrawerKick(pulse)).toThrow(msg);
  });

  it('decodes as a pulse on the pin with the times asked', () => {
    expect(decodeEscPos(encodeDrawerKick({ pin: 5, onMs: 120, offMs: 240 }))).toEqual([{ op: 'pulse', pin: 5, onMs: 120, offMs: 240 }]);
  });
});

describe('status request', () => {
  it.each([1, 2, 4] as const)('DLE EOT %i', (n) => {
    expect(hex(encodeStatusRequest(n))).toBe(`10 04 0${n}`);
  });
});

describe('CP858 text', () => {
  it.each([
    ['€', 'd5'],
    ['Crème brûlée', '43 72 8a 6d 65 20 62 72 96 6c 82 65'],
    ['Zoë Ñ ß', '5a 6f 89 20 a5 20 e1'],
    ['e\u0301', '82'], // a decomposed é is one column, one byte
    ['ő', '6f'], // not in CP858: the letter without its accent
    ['Ł☃', '3f 3f'], // nothing close: '?'
    ['‘quoted’ – “x”', "27 71 75 6f 74 65 64 27 20 2d 20 22 78 22"],
    ['a\x1b@b\n', '61 3f 40 62 3f'], // control characters never reach the printer
    ['🍰', '3f'], // one code point, one column
  ])('%j → %s', (text, bytes) => {
    expect(hex(encodeCp858(text))).toBe(bytes);
  });
});

describe('receipt document', () => {
  it.each([32, 42, 48] as const)('at %i columns decodes back to exactly the rendered lines', (width: PaperWidth) => {
    const ops = decodeEscPos(encodeDocument(receiptDocument(width), { width, codePage: 19 }));
    const rendered = renderedLines(width);
    expect(rendered.some((l) => l.includes('€'))).toBe(true);
    expect(rendered.some((l) => l.includes('Crème brûlée'))).toBe(true);
    expect(textLines(ops)).toEqual(rendered);
    expect(ops.slice(0, 2)).toEqual([{ op: 'init' }, { op: 'codepage', n: 19 }]);
    expect(actions(ops)).toEqual([
      { op: 'barcode', type: 'CODE128', data: 'R1-000123', hri: 'below' },
      { op: 'feed', n: 1 },
      { op: 'qr', data: QR_URL },
      { op: 'feed', n: 1 },
      { op: 'feed', n: 4 },
      { op: 'cut', partial: true },
    ]);
  });

  it('prints the barcode where the rendered "(R1-000123)" line stood, the rest after it', () => {
    const rendered = renderedLines(48);
    const at = rendered.findIndex((l) => l.trim() === '(R1-000123)');
    expect(at).toBeGreaterThan(0);
    const doc: PrintDocument = { lines: rendered.slice(0, at).map((text) => ({ text })), barcode: 'R1-000123', after: rendered.slice(at + 1).map((text) => ({ text })), cut: true };
    const ops = decodeEscPos(encodeDocument(doc, { width: 48, codePage: 19 }));
    const barcodeAt = ops.findIndex((o) => o.op === 'barcode');
    expect(textLines(ops.slice(0, barcodeAt))).toEqual(rendered.slice(0, at));
    expect(textLines(ops.slice(barcodeAt))).toEqual(rendered.slice(at + 1));
    expect(textLines(ops.slice(barcodeAt)).some((l) => l.includes('Statiegeld € 0,15'))).toBe(true);
    expect(renderPreview(doc, 48)).toEqual([...rendered.slice(0, at), '[barcode CODE128 R1-000123]', ...rendered.slice(at + 1), '---- cut ----']);
  });

  it('sends the euro sign as the one CP858 byte 0xD5 under the configured code page only', () => {
    const doc: PrintDocument = { lines: [{ text: 'Totaal € 12,50' }], cut: false };
    for (const codePage of [19, 16]) {
      const bytes = encodeDocument(doc, { width: 42, codePage });
      const escT = [...bytes.keys()].filter((i) => bytes[i] === 0x1b && bytes[i + 1] === 0x74).map((i) => bytes[i + 2]);
      expect(escT).toEqual([codePage]);
      expect(bytes.includes(Buffer.from('Totaal \xd5 12,50', 'latin1'))).toBe(true);
      const ops = decodeEscPos(bytes, { codePages: { [codePage]: 'cp858' } });
      expect(textLines(ops)).toEqual(['Totaal € 12,50']);
    }
  });

  it('prints bold, double and centred lines with the modes set, and resets them', () => {
    const doc: PrintDocument = {
      lines: [{ text: 'TOTAAL € 20,70', bold: true, double: true, align: 'center' }, { text: 'Bedankt!', align: 'center' }, { text: 'links' }],
      cut: true,
    };
    const ops = decodeEscPos(encodeDocument(doc, { width: 32, codePage: 19 })).filter((o) => o.op === 'text');
    expect(ops).toEqual([
      { op: 'text', line: 'TOTAAL € 20,70', bold: true, double: true, align: 'center' },
      { op: 'text', line: 'Bedankt!', bold: false, double: false, align: 'center' },
      { op: 'text', line: 'links', bold: false, double: false, align: 'left' },
    ]);
  });

  it('sends centred text without the padding a renderer put around it', () => {
    const ops = decodeEscPos(encodeDocument({ lines: [{ text: '   Bedankt!   ', align: 'center' }], cut: false }, { width: 32, codePage: 19 }));
    expect(textLines(ops)).toEqual(['Bedankt!']);
  });

  it('kicks the drawer as the job starts', () => {
    const ops = decodeEscPos(encodeDocument({ lines: [{ text: 'x' }], cut: true, kick: { pin: 2, onMs: 100, offMs: 200 } }, { width: 42, codePage: 19 }));
    expect(ops.slice(0, 3)).toEqual([{ op: 'init' }, { op: 'codepage', n: 19 }, { op: 'pulse', pin: 2, onMs: 100, offMs: 200 }]);
    expect(ops.filter((o) => o.op === 'pulse')).toHaveLength(1);
  });

  it('feeds without cutting when asked not to cut', () => {
    const ops = decodeEscPos(encodeDocument({ lines: [{ text: 'x' }], cut: false }, { width: 42, codePage: 19 }));
    expect(actions(ops)).toEqual([{ op: 'feed', n: 4 }]);
  });

  it('keeps a literal { in the barcode and non-ASCII in the QR intact', () => {
    const ops = decodeEscPos(encodeDocument({ lines: [], barcode: 'A{B}1', qr: 'Bon R1-000123 — Crème brûlée €', cut: false }, { width: 48, codePage: 19 }));
    expect(actions(ops).filter((o) => o.op === 'barcode' || o.op === 'qr')).toEqual([
      { op: 'barcode', type: 'CODE128', data: 'A{B}1', hri: 'below' },
      { op: 'qr', data: 'Bon R1-000123 — Crème brûlée €' },
    ]);
  });

  it('a product name cannot smuggle commands in', () => {
    const bytes = encodeDocument({ lines: [{ text: 'Thee\x1bp\x00\x32\x64\x1dV\x01' }], cut: false }, { width: 42, codePage: 19 });
    const ops = decodeEscPos(bytes);
    expect(ops.some((o) => o.op === 'pulse' || o.op === 'cut')).toBe(false);
    expect(textLines(ops)).toEqual(['Thee?p?2d?V?']);
  });

  it.each<[string, PrintDocument, RegExp]>([
    ['a line wider than the paper', { lines: [{ text: 'x'.repeat(33) }], cut: true }, /33 columns; at most 32/],
    ['a double line wider than half', { lines: [{ text: 'x'.repeat(17), double: true }], cut: true }, /at most 16 fit in double width/],
    ['a line break inside a line', { lines: [{ text: 'a\nb' }], cut: true }, /line break/],
    ['a line after the barcode wider than the paper', { lines: [], barcode: 'R1', after: [{ text: 'y'.repeat(40) }], cut: true }, /40 columns/],
    ['a barcode CODE128 set B cannot hold', { lines: [], barcode: 'R1-€', cut: true }, /printable ASCII/],
    ['an empty QR code', { lines: [], qr: '', cut: true }, /QR data of 0 bytes/],
  ])('refuses %s', (_what, doc, msg) => {
    expect(() => encodeDocument(doc, { width: 32, codePage: 19 })).toThrow(msg);
  });
});

describe('status decoding', () => {
  const ok: PrinterStatus = { online: true, paperOut: false, paperLow: false, coverOpen: false, drawerOpen: false, error: false };
  it.each<[string, { printer: number; offline: number; paper: number }, PrinterStatus]>([
    ['all fine, drawer closed (pin 3 high)', { printer: 0x16, offline: 0x12, paper: 0x12 }, ok],
    ['drawer open (pin 3 low)', { printer: 0x12, offline: 0x12, paper: 0x12 }, { ...ok, drawerOpen: true }],
    ['paper low', { printer: 0x16, offline: 0x12, paper: 0x1e }, { ...ok, paperLow: true }],
    ['paper out (n=4 sensor and n=2 stop)', { printer: 0x1e, offline: 0x32, paper: 0x7e }, { ...ok, online: false, paperOut: true, paperLow: true }],
    ['paper out by the n=4 sensor alone', { printer: 0x16, offline: 0x12, paper: 0x72 }, { ...ok, paperOut: true }],
    ['cover open', { printer: 0x1e, offline: 0x16, paper: 0x12 }, { ...ok, online: false, coverOpen: true }],
    ['error', { printer: 0x1e, offline: 0x52, paper: 0x12 }, { ...ok, online: false, error: true }],
    ['offline while paper is fed by the button', { printer: 0x1e, offline: 0x1a, paper: 0x12 }, { ...ok, online: false }],
  ])('%s', (_what, answers, status) => {
    expect(decodeStatus(answers)).toEqual(status);
  });

  it('agrees with the test printer built from the same reference', () => {
    const b = statusBytes({ paperOut: true, drawerOpen: true });
    expect(decodeStatus({ printer: b[1], offline: b[2], paper: b[4] })).toEqual({ online: false, paperOut: true, paperLow: true, coverOpen: false, drawerOpen: true, error: false });
  });

  it.each([0x00, 0xff, 0x13 /* bit 0 */, 0x92 /* bit 7 */, 0x10 /* no bit 1 */, 0x02 /* no bit 4 */, 0x11 /* XON */, 256, -1])('rejects 0x%s as a status byte', (b) => {
    expect(isStatusByte(b)).toBe(false);
    let err: unknown;
    try {
      decodeStatus({ printer: 0x16, offline: b, paper: 0x12 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KassaError);
    expect((err as KassaError).code).toBe('DEVICE_FAILED');
    expect((err as KassaError).message).toMatch(/DLE EOT 2/);
  });

  it.each<[Partial<PrinterStatus>, string, string, boolean]>([
    [{}, 'klaar', 'ready', true],
    [{ paperOut: true, paperLow: true, online: false }, 'papier op', 'paper out', false],
    [{ paperLow: true }, 'papier bijna op', 'paper low', true],
    [{ coverOpen: true, online: false }, 'klep open', 'cover open', false],
    [{ paperOut: true, coverOpen: true, online: false }, 'papier op, klep open', 'paper out, cover open', false],
    [{ online: false }, 'offline', 'offline', false],
    [{ error: true, online: false }, 'storing', 'printer error', false],
    [{ drawerOpen: true }, 'lade open', 'drawer open', true],
    [{ drawerOpen: null }, 'klaar', 'ready', true],
  ])('%o reads "%s" / "%s"', (s, nl, en, ready) => {
    const status: PrinterStatus = { online: true, paperOut: false, paperLow: false, coverOpen: false, drawerOpen: false, error: false, ...s };
    expect(describeStatus(status, 'nl')).toBe(nl);
    expect(describeStatus(status, 'en')).toBe(en);
    expect(readyToPrint(status)).toBe(ready);
  });
});

describe('preview', () => {
  it('shows the same lines as the paper, with markers for barcode, QR and cut', () => {
    expect(renderPreview(receiptDocument(42), 42)).toEqual([...renderedLines(42), '[barcode CODE128 R1-000123]', `[qr ${QR_URL}]`, '---- cut ----']);
  });

  it('centres like the printer and spreads double-width text over two columns a letter', () => {
    const doc: PrintDocument = {
      lines: [{ text: 'TOTAAL', double: true, align: 'center' }, { text: '  Bedankt!', align: 'center' }, { text: '  ingesprongen' }],
      cut: false,
      kick: { pin: 5, onMs: 100, offMs: 200 },
    };
    expect(renderPreview(doc, 32)).toEqual(['[drawer pin 5 100/200 ms]', '          T O T A A L', '            Bedankt!', '  ingesprongen']);
  });
});
