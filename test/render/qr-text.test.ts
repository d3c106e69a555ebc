import jsQRModule from 'jsqr';
import { describe, expect, it } from 'vitest';
import { epcQrPayload } from '../../src/core/epc-qr.js';
import { qrMatrix } from '../../src/core/qr-code.js';
import { renderQrHalfBlocks } from '../../src/render/qr-text.js';

// jsqr is CommonJS with `exports.default`; under NodeNext the default import is the whole module.
const jsQR = jsQRModule.default;

type Theme = { fg: number; bg: number };
const LIGHT_ON_DARK: Theme = { fg: 230, bg: 20 }; // most terminal themes, the Linux console
const DARK_ON_LIGHT: Theme = { fg: 20, bg: 240 };

/**
 * What a phone sees on the screen: each character cell CELL_W wide and twice
 * that tall, its upper and lower halves in the foreground colour where the
 * glyph has ink, with a margin of background around the text.
 */
const CELL_W = 4;
const MARGIN = 3; // cells
function screenshot(lines: string[], theme: Theme): { data: Uint8ClampedArray; width: number; height: number } {
  const cols = Math.max(...lines.map((l) => [...l].length)) + 2 * MARGIN;
  const rows = lines.length + 2 * MARGIN;
  const width = cols * CELL_W;
  const height = rows * 2 * CELL_W;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const ch = [...(lines[Math.floor(y / (2 * CELL_W)) - MARGIN] ?? '')][Math.floor(x / CELL_W) - MARGIN] ?? ' ';
      const upper = y % (2 * CELL_W) < CELL_W;
      const ink = ch === '█' || (upper ? ch === '▀' : ch === '▄');
      const i = (y * width + x) * 4;
      data.fill(ink ? theme.fg : theme.bg, i, i + 3);
      data[i + 3] = 255;
    }
  }
  return { data, width, height };
}

function scan(lines: string[], theme: Theme, inversionAttempts: 'dontInvert' | 'attemptBoth' = 'dontInvert'): string | null {
  const { data, width, height } = screenshot(lines, theme);
  return jsQR(data, width, height, { inversionAttempts })?.data ?? null;
}

const PAYLOADS = [
  epcQrPayload({ name: 'Kassa Demo Winkel', iban: 'NL91ABNA0417164300', amountCents: 1_234, remittance: 'R1-000123' }),
  epcQrPayload({ name: 'Crêperie du Coin', bic: 'ABNANL2A', iban: 'NL91ABNA0417164300', amountCents: 4_250, remittance: 'Bon 17 – 2 crêpes' }),
  epcQrPayload({ name: 'N'.repeat(70), bic: 'ABNANL2AXXX', iban: 'NL91ABNA0417164300', amountCents: 99_999_999_999, remittance: 'R'.repeat(140) }),
];

describe('renderQrHalfBlocks', () => {
  it('draws two module rows per line, ▀ for the upper, ▄ for the lower, the blocks marking dark modules when inverted', () => {
    const m = [
      [true, false],
      [false, true],
    ];
    expect(renderQrHalfBlocks(m, { quietZone: 0, invert: true })).toEqual(['▀▄']);
    expect(renderQrHalfBlocks(m, { quietZone: 1, invert: true })).toEqual([' ▄  ', '  ▀ ']);
  });

  it('by default marks the light modules and the quiet zone, for light text on a dark background', () => {
    const m = [
      [true, false],
      [false, true],
    ];
    expect(renderQrHalfBlocks(m, { quietZone: 0 })).toEqual(['▄▀']);
    expect(renderQrHalfBlocks(m, { quietZone: 1 })).toEqual(['█▀██', '██▄█']);
  });

  it.each([0, 2, 4])('gives equal lines, a quiet zone of %d modules on every side and half a line at most below', (quietZone) => {
    const m = qrMatrix(PAYLOADS[0]!, 'M');
    const lines = renderQrHalfBlocks(m, { quietZone });
    const size = m.length + 2 * quietZone;
    expect(lines).toHaveLength(Math.ceil(size / 2));
    for (const l of lines) expect([...l]).toHaveLength(size);
    expect(lines.join('')).toMatch(/^[ ▀▄█]+$/);
  });

  it('fits a till payment on an 80x24 screen with the default quiet zone', () => {
    const lines = renderQrHalfBlocks(qrMatrix(PAYLOADS[0]!, 'M'));
    expect(lines.length).toBeLessThanOrEqual(23);
    expect([...lines[0]!].length).toBeLessThanOrEqual(80);
  });

  it.each(PAYLOADS.map((p, i) => [i, p] as const))('payload %d scans as a normal dark-on-light code on a light-on-dark terminal', (_i, payload) => {
    const lines = renderQrHalfBlocks(qrMatrix(payload, 'M'));
    expect(scan(lines, LIGHT_ON_DARK)).toBe(payload);
  });

  it.each(PAYLOADS.map((p, i) => [i, p] as const))('payload %d scans on a dark-on-light terminal with invert', (_i, payload) => {
    const lines = renderQrHalfBlocks(qrMatrix(payload, 'M'), { invert: true });
    expect(scan(lines, DARK_ON_LIGHT)).toBe(payload);
  });

  // attemptBoth, not onlyInvert: jsqr 1.4.0 throws a TypeError with onlyInvert.
  it('shows a negative code when the theme and the option disagree: only a decoder that tries inverting reads it', () => {
    const lines = renderQrHalfBlocks(qrMatrix(PAYLOADS[0]!, 'M'), { invert: true });
    expect(scan(lines, LIGHT_ON_DARK, 'dontInvert')).toBeNull();
    expect(scan(lines, LIGHT_ON_DARK, 'attemptBoth')).toBe(PAYLOADS[0]);
  });

  it('refuses a negative or fractional quiet zone', () => {
    expect(() => renderQrHalfBlocks([[true]], { quietZone: -1 })).toThrow(RangeError);
    expect(() => renderQrHalfBlocks([[true]], { quietZone: 1.5 })).toThrow(RangeError);
  });
});
