/**
 * Reads ESC/POS bytes back into what a printer would do: text lines and
 * operations. Written from the command reference, independently of the
 * encoder (and its library), so a test that decodes what Kassa sent checks
 * the bytes rather than repeating the encoder. Text is decoded with
 * iconv-lite's code pages for the `ESC t n` in force.
 *
 * Anything it does not know throws with the offset: garbage fails a test.
 */
import iconv from 'iconv-lite';

export type Align = 'left' | 'center' | 'right';

export type EscPosOp =
  | { op: 'init' }
  | { op: 'codepage'; n: number }
  | { op: 'text'; line: string; bold: boolean; double: boolean; align: Align }
  | { op: 'barcode'; type: 'CODE128'; data: string; hri: 'none' | 'above' | 'below' | 'both' }
  | { op: 'qr'; data: string }
  | { op: 'cut'; partial: boolean }
  | { op: 'pulse'; pin: 2 | 5; onMs: number; offMs: number }
  | { op: 'status'; n: number }
  | { op: 'feed'; n: number };

export interface DecodeOptions {
  /** `ESC t n` → iconv-lite encoding name. Default: 0 → cp437, 19 → cp858 (Epson's numbers). */
  codePages?: Record<number, string>;
}

const ESC = 0x1b;
const GS = 0x1d;
const DLE = 0x10;
const LF = 0x0a;
const HRI = ['none', 'above', 'below', 'both'] as const;

export function decodeEscPos(input: Uint8Array, opts: DecodeOptions = {}): EscPosOp[] {
  const bytes = Buffer.from(input);
  const pages: Record<number, string> = opts.codePages ?? { 0: 'cp437', 19: 'cp858' };
  const ops: EscPosOp[] = [];
  let page = 0;
  let bold = false;
  let doubleW = false;
  let doubleH = false;
  let align: Align = 'left';
  let hri: (typeof HRI)[number] = 'none';
  let qrData: Buffer | null = null;
  // The current line: its bytes, and the modes of its first character.
  let line: number[] = [];
  let lineStart: { bold: boolean; double: boolean; align: Align } | null = null;
  let i = 0;

  const fail = (at: number, why: string): never => {
    const hex = Array.from(bytes.subarray(at, at + 6), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new Error(`ESC/POS offset ${at}: ${why} (${hex})`);
  };
  const need = (at: number, n: number): void => {
    if (at + n > bytes.length) fail(at, `command cut short: ${n} bytes needed`);
  };
  const mode = () => ({ bold, double: doubleW && doubleH, align });
  const decodeText = (at: number, raw: number[]): string => {
    if (raw.every((b) => b < 0x80)) return Buffer.from(raw).toString('latin1');
    const enc = pages[page];
    if (!enc) fail(at, `text above 0x7f under code page ${page}, which this decoder was not told about`);
    return iconv.decode(Buffer.from(raw), enc!);
  };
  const endLine = (at: number): void => {
    const m = lineStart ?? mode();
    ops.push({ op: 'text', line: decodeText(at, line), ...m });
    line = [];
    lineStart = null;
  };
  const midLine = (at: number, what: string): void => {
    if (line.length) fail(at, `${what} in the middle of a line`);
  };

  while (i < bytes.length) {
    const at = i;
    const b = bytes[i]!;
    if (b === LF) {
      endLine(at);
      i += 1;
      continue;
    }
    if (b >= 0x20 && b !== 0x7f) {
      if (!lineStart) lineStart = mode();
      line.push(b);
      i += 1;
      continue;
    }
    if (b === ESC) {
      need(at, 2);
      const c = bytes[at + 1]!;
      switch (c) {
        case 0x40: // ESC @
          midLine(at, 'ESC @');
          ops.push({ op: 'init' });
          page = 0;
          bold = doubleW = doubleH = false;
          align = 'left';
          hri = 'none';
          i += 2;
          continue;
        case 0x74: // ESC t n
          need(at, 3);
          page = bytes[at + 2]!;
          ops.push({ op: 'codepage', n: page });
          i += 3;
          continue;
        case 0x45: // ESC E n
          need(at, 3);
          bold = (bytes[at + 2]! & 1) === 1;
          i += 3;
          continue;
        case 0x21: {
          // ESC ! n: bit 3 emphasised, bit 4 double height, bit 5 double width
          need(at, 3);
          const n = bytes[at + 2]!;
          bold = (n & 0x08) !== 0;
          doubleH = (n & 0x10) !== 0;
          doubleW = (n & 0x20) !== 0;
          i += 3;
          continue;
        }
        case 0x61: {
          // ESC a n: only at the start of a line
          need(at, 3);
          midLine(at, 'ESC a');
          const n = bytes[at + 2]!;
          const a = ({ 0: 'left', 48: 'left', 1: 'center', 49: 'center', 2: 'right', 50: 'right' } as Record<number, Align>)[n];
          if (!a) fail(at, `ESC a ${n} is not an alignment`);
          align = a!;
          i += 3;
          continue;
        }
        case 0x64: // ESC d n: print the line and feed n lines
          need(at, 3);
          if (line.length) endLine(at);
          ops.push({ op: 'feed', n: bytes[at + 2]! });
          i += 3;
          continue;
        case 0x70: {
          // ESC p m t1 t2
          need(at, 5);
          const m = bytes[at + 2]!;
          if (![0, 1, 48, 49].includes(m)) fail(at, `ESC p ${m} is not pin 2 or 5`);
          ops.push({ op: 'pulse', pin: m % 2 === 0 ? 2 : 5, onMs: bytes[at + 3]! * 2, offMs: bytes[at + 4]! * 2 });
          i += 5;
          continue;
        }
        case 0x4d: // ESC M n: font, nothing to see in text
          need(at, 3);
          i += 3;
          continue;
        default:
          fail(at, `unknown command ESC 0x${c.toString(16)}`);
      }
    }
    if (b === GS) {
      need(at, 2);
      const c = bytes[at + 1]!;
      switch (c) {
        case 0x21: {
          // GS ! n: width multiplier in the high nibble, height in the low
          need(at, 3);
          const n = bytes[at + 2]!;
          doubleW = n >> 4 >= 1;
          doubleH = (n & 0x0f) >= 1;
          i += 3;
          continue;
        }
        case 0x48: {
          // GS H n: where the barcode's text goes
          need(at, 3);
          const n = bytes[at + 2]! % 48;
          if (n > 3) fail(at, `GS H ${bytes[at + 2]} is not an HRI position`);
          hri = HRI[n]!;
          i += 3;
          continue;
        }
        case 0x66: // GS f, GS w, GS h: barcode font, module width, height
        case 0x77:
        case 0x68:
          need(at, 3);
          i += 3;
          continue;
        case 0x6b: {
          // GS k m n d1..dn (function B); only CODE128 (m = 73) is expected
          need(at, 4);
          midLine(at, 'a barcode');
          const m = bytes[at + 2]!;
          if (m !== 73) fail(at, `barcode type ${m} is not CODE128`);
          const n = bytes[at + 3]!;
          need(at, 4 + n);
          const raw = bytes.subarray(at + 4, at + 4 + n).toString('latin1');
          if (!raw.startsWith('{B')) fail(at, 'CODE128 data does not start with code set B ({B)');
          const body = raw.slice(2);
          if (/\{(?!\{)/.test(body.replace(/\{\{/g, ''))) fail(at, 'CODE128 data switches code set');
          ops.push({ op: 'barcode', type: 'CODE128', data: body.replace(/\{\{/g, '{'), hri });
          i += 4 + n;
          continue;
        }
        case 0x28: {
          // GS ( k pL pH cn fn ...: 2D codes; cn 49 = QR
          need(at, 7);
          if (bytes[at + 2] !== 0x6b) fail(at, `GS ( 0x${bytes[at + 2]!.toString(16)} is not GS ( k`);
          const len = bytes[at + 3]! + 256 * bytes[at + 4]!;
          need(at, 5 + len);
          const cn = bytes[at + 5]!;
          const fn = bytes[at + 6]!;
          if (cn !== 49) fail(at, `2D symbol ${cn} is not QR (49)`);
          if (fn === 80) qrData = Buffer.from(bytes.subarray(at + 8, at + 5 + len)); // 80 = store, after m = 48
          else if (fn === 81) {
            midLine(at, 'a QR code');
            if (!qrData) fail(at, 'QR print without stored data');
            ops.push({ op: 'qr', data: qrData!.toString('utf8') });
            qrData = null;
          } else if (![65, 67, 69].includes(fn)) fail(at, `QR function ${fn} unknown`);
          i += 5 + len;
          continue;
        }
        case 0x56: {
          // GS V m (A: 0/48 full, 1/49 partial) or GS V m n (B: 65 full, 66 partial)
          need(at, 3);
          const m = bytes[at + 2]!;
          if (line.length) endLine(at);
          if ([0, 48, 1, 49].includes(m)) {
            ops.push({ op: 'cut', partial: m % 48 === 1 });
            i += 3;
          } else if (m === 65 || m === 66) {
            need(at, 4);
            ops.push({ op: 'feed', n: bytes[at + 3]! }, { op: 'cut', partial: m === 66 });
            i += 4;
          } else fail(at, `GS V ${m} is not a cut`);
          continue;
        }
        default:
          fail(at, `unknown command GS 0x${c.toString(16)}`);
      }
    }
    if (b === DLE) {
      need(at, 3);
      if (bytes[at + 1] !== 0x04) fail(at, 'DLE not followed by EOT');
      const n = bytes[at + 2]!;
      if (n < 1 || n > 4) fail(at, `DLE EOT ${n} is not a status request`);
      ops.push({ op: 'status', n });
      i += 3;
      continue;
    }
    fail(at, `unexpected control byte 0x${b.toString(16)}`);
  }
  if (line.length) fail(bytes.length, 'text without a line feed at the end (it would never print)');
  return ops;
}

/** The printed text lines, in order. */
export function textLines(ops: readonly EscPosOp[]): string[] {
  return ops.flatMap((o) => (o.op === 'text' ? [o.line] : []));
}

/** Operations other than text and settings, for asserting the shape of a job. */
export function actions(ops: readonly EscPosOp[]): EscPosOp[] {
  return ops.filter((o) => o.op !== 'text' && o.op !== 'codepage' && o.op !== 'init');
}
