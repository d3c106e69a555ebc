/**
 * ESC/POS bytes for a receipt, a drawer kick and status requests. Pure: a
 * document in, bytes out; no I/O, no clock.
 *
 * node-thermal-printer (the design card's choice) builds the commands, with
 * our own code where its 4.6 Epson driver gets things wrong for a till:
 * - `openCashDrawer()` sends a 3-byte `ESC p m` without pulse times, which
 *   many printers read as the start of a longer command: we send the 5-byte
 *   `ESC p m t1 t2`;
 * - its code page for PC858 is fixed at `ESC t 19`, and text it cannot encode
 *   makes it switch code pages per character: we send `ESC t n` with the
 *   configured number (clones differ) and encode text to CP858 ourselves;
 * - `leftRight()` and `println()` count columns without regard to double
 *   width and fold lines their own way: lines arrive laid out already
 *   (src/render/receipt.ts), so paper and preview match.
 */
import { createRequire } from 'node:module';
import type Thermal from 'node-thermal-printer';
import type { DrawerPin, PaperWidth } from '../../core/settings.js';
import type { StatusRequest } from './status.js';

// Loaded at the first receipt, not at start-up: the checkout opens before anything prints.
const require = createRequire(import.meta.url);
let thermal: typeof Thermal | null = null;
const loadThermal = (): typeof Thermal => (thermal ??= require('node-thermal-printer') as typeof Thermal);

export interface PrintLine {
  text: string;
  bold?: boolean;
  /** Double height and width: the text must fit half the paper width. */
  double?: boolean;
  align?: 'left' | 'center';
}

/** A pulse on the drawer connector: the cash drawer's solenoid. */
export interface DrawerPulse {
  pin: DrawerPin;
  /** Even milliseconds, 2..510 (the printer counts in steps of 2 ms). */
  onMs: number;
  offMs: number;
}

export interface PrintDocument {
  lines: PrintLine[];
  /** The receipt number as CODE128 with its text below, scanned for refunds. */
  barcode?: string;
  /** Lines printed below the barcode (the footer, a card terminal's slip). */
  after?: PrintLine[];
  qr?: string;
  cut: boolean;
  /** Open the drawer as the job starts, so the change can be given while it prints. */
  kick?: DrawerPulse;
}

export interface EscPosOptions {
  width: PaperWidth;
  /** The printer's number for PC858 in `ESC t n` (setting `printer.codePage`; Epson: 19). */
  codePage: number;
}

const ESC = 0x1b;
const GS = 0x1d;
const DLE = 0x10;
const EOT = 0x04;

/** Font A is 12 dots wide: 384 dots on 58 mm paper, 504 or 576 on 80 mm. */
const DOTS_PER_COLUMN = 12;
const BARCODE_HEIGHT_DOTS = 80;
/** QR byte mode at error correction M holds at most this many bytes (version 40). */
const QR_MAX_BYTES = 2331;
const CODE128_MAX = 100;
/** Lines fed before the cut so the last line clears the cutter. */
const FEED_BEFORE_CUT = 4;

/** `ESC p m t1 t2`: pin 2 → m = 0, pin 5 → m = 1; times in units of 2 ms. */
export function encodeDrawerKick(pulse: DrawerPulse): Buffer {
  if (pulse.pin !== 2 && pulse.pin !== 5) throw new RangeError(`drawer pin ${String(pulse.pin)} is not 2 or 5`);
  const units = (ms: number, what: string): number => {
    if (!Number.isInteger(ms) || ms < 2 || ms > 510 || ms % 2 !== 0) throw new RangeError(`drawer ${what} ${ms} ms is not an even number from 2 to 510`);
    return ms / 2;
  };
  return Buffer.from([ESC, 0x70, pulse.pin === 2 ? 0 : 1, units(pulse.onMs, 'on time'), units(pulse.offMs, 'off time')]);
}

/** `DLE EOT n`: the printer answers one status byte (src/devices/printer/status.ts). */
export function encodeStatusRequest(n: StatusRequest): Buffer {
  return Buffer.from([DLE, EOT, n]);
}

// Code page 858 (850 with the euro sign in place of the dotless i), 0x80..0xFF.
const CP858_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';
const CP858 = new Map<string, number>(Array.from(CP858_HIGH, (ch, i) => [ch, 0x80 + i]));
if (CP858.size !== 128) throw new Error('CP858 table is not 128 characters');

/** Characters receipts meet that CP858 lacks, as one column each so layouts keep their width. */
const LOOKALIKE: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u2032': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u2033': '"',
  '\u2013': '-', '\u2014': '-', '\u2212': '-', '\u2010': '-', '\u2011': '-',
  '\u2026': '.', '\u2022': '*', '\u00b7': '·',
  '\u202f': ' ', '\u2009': ' ', '\u2007': ' ', '\u2002': ' ', '\u2003': ' ',
};

function byteOf(ch: string): number | undefined {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x20 && cp < 0x7f) return cp;
  return CP858.get(ch);
}

/**
 * Text to CP858, one byte per code point (so widths counted in code points
 * hold on paper). Letters CP858 lacks lose their accent (ő → o); anything else
 * becomes '?'. Control characters never pass: a product name cannot smuggle
 * a printer command in.
 */
export function encodeCp858(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    let b = byteOf(ch);
    if (b === undefined && LOOKALIKE[ch] !== undefined) b = byteOf(LOOKALIKE[ch]);
    if (b === undefined) {
      const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
      if (base.length === 1 && base !== ch) b = byteOf(base);
    }
    out.push(b ?? 0x3f);
  }
  return Buffer.from(out);
}

function columns(s: string): number {
  let n = 0;
  for (const _ of s.normalize('NFC')) n++;
  return n;
}

/** Module width (GS w) so the whole symbol and its quiet zones fit the paper. */
function code128ModuleWidth(data: string, width: PaperWidth): number {
  // Start, data, check: 11 modules each; stop: 13; quiet zones: 10 each side.
  const modules = 11 * (data.length + 2) + 13 + 20;
  return Math.max(2, Math.min(3, Math.floor((width * DOTS_PER_COLUMN) / modules)));
}

function checkDocument(doc: PrintDocument, width: PaperWidth): void {
  [...doc.lines, ...(doc.after ?? [])].forEach((l, i) => {
    if (/[\r\n]/.test(l.text)) throw new RangeError(`line ${i + 1} holds a line break; give one PrintLine per line`);
    const max = l.double ? Math.floor(width / 2) : width;
    if (columns(l.text) > max) throw new RangeError(`line ${i + 1} is ${columns(l.text)} columns; at most ${max} fit${l.double ? ' in double width' : ''}`);
  });
  if (doc.barcode !== undefined && !/^[\x20-\x7e]{1,100}$/.test(doc.barcode)) {
    throw new RangeError(`barcode "${doc.barcode}": CODE128 takes 1 to ${CODE128_MAX} printable ASCII characters`);
  }
  if (doc.qr !== undefined) {
    const n = Buffer.byteLength(doc.qr, 'utf8');
    if (n === 0 || n > QR_MAX_BYTES) throw new RangeError(`QR data of ${n} bytes: a QR code holds 1 to ${QR_MAX_BYTES}`);
  }
}

/** The whole job: init, code page, optional kick, lines, barcode, the lines after it, QR, feed and cut. */
export function encodeDocument(doc: PrintDocument, opts: EscPosOptions): Buffer {
  const { width, codePage } = opts;
  if (!Number.isInteger(codePage) || codePage < 0 || codePage > 255) throw new RangeError(`code page ${codePage} is not 0..255`);
  checkDocument(doc, width);

  // An empty interface string makes it build buffers only: it opens nothing,
  // and execute() (never called) would refuse. No characterSet: that would
  // emit its own fixed `ESC t 19`.
  const { ThermalPrinter, PrinterTypes } = loadThermal();
  const p = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: '', width });
  p.add(Buffer.from([ESC, 0x40, ESC, 0x74, codePage]));
  if (doc.kick) p.add(encodeDrawerKick(doc.kick));

  let align = 'left' as 'left' | 'center';
  let bold = false;
  let double = false;
  const setAlign = (a: 'left' | 'center'): void => {
    if (a === align) return;
    if (a === 'center') p.alignCenter();
    else p.alignLeft();
    align = a;
  };
  const printLines = (lines: readonly PrintLine[]): void => {
    for (const line of lines) {
      setAlign(line.align ?? 'left');
      if (!!line.bold !== bold) {
        bold = !bold;
        p.bold(bold);
      }
      if (!!line.double !== double) {
        double = !double;
        p.setTextSize(double ? 1 : 0, double ? 1 : 0);
      }
      // The printer centres what it gets: our own padding would push it off centre.
      p.add(encodeCp858(align === 'center' ? line.text.trim() : line.text));
      p.newLine();
    }
    // Barcode text and the next block start in the normal font.
    if (bold) {
      bold = false;
      p.bold(false);
    }
    if (double) {
      double = false;
      p.setTextSize(0, 0);
    }
  };

  printLines(doc.lines);
  if (doc.barcode !== undefined) {
    setAlign('center');
    // '{' starts a code-set switch in Epson's CODE128 data; a literal one is doubled.
    // printBarcode with type 73 (not code128(), whose typings lag its code) sends GS k 73 n {B data.
    p.printBarcode(doc.barcode.replace(/\{/g, '{{'), 73, { hriPos: 2, hriFont: 0, width: code128ModuleWidth(doc.barcode, width), height: BARCODE_HEIGHT_DOTS });
    p.add(Buffer.from([ESC, 0x64, 1]));
  }
  printLines(doc.after ?? []);
  if (doc.qr !== undefined) {
    setAlign('center');
    // Handed over as UTF-8 bytes: given a string, the library counts UTF-16
    // units for the length field but sends UTF-8, which breaks on "é".
    const data = Buffer.from(doc.qr, 'utf8') as unknown as string;
    p.printQR(data, { model: 2, cellSize: width === 32 ? 5 : 6, correction: 'M' });
    p.add(Buffer.from([ESC, 0x64, 1]));
  }
  setAlign('left');

  if (doc.cut) p.partialCut({ verticalTabAmount: 1 });
  else p.add(Buffer.from([ESC, 0x64, FEED_BEFORE_CUT]));
  return Buffer.from(p.getBuffer());
}
