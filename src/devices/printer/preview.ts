/**
 * The preview printer: what the receipt printer would print, as text, for the
 * demo, the screen and tests. The lines are the same ones the ESC/POS encoder
 * sends; barcode, QR, cut and drawer pulse appear as bracketed markers.
 */
import { appendFile } from 'node:fs/promises';
import type { PaperWidth } from '../../core/settings.js';
import { aborted, guarded } from '../transport/io.js';
import type { IoOptions } from '../transport/types.js';
import { encodeDrawerKick, type DrawerPulse, type PrintDocument, type PrintLine } from './escpos.js';
import type { ReceiptPrinter } from './driver.js';
import type { PrinterStatus } from './status.js';

export const CUT_MARK = '---- cut ----';

export function drawerMark(p: DrawerPulse): string {
  return `[drawer pin ${p.pin} ${p.onMs}/${p.offMs} ms]`;
}

function cps(s: string): string[] {
  return Array.from(s.normalize('NFC'));
}

/** One printed line as it lands on paper: centred like the printer centres, double width spread out. */
function previewLine(l: PrintLine, width: number): string {
  const centred = l.align === 'center';
  const chars = cps(centred ? l.text.trim() : l.text);
  const scale = l.double ? 2 : 1;
  const pad = centred ? Math.max(0, Math.floor((width - chars.length * scale) / 2)) : 0;
  // A double-width character takes two columns: a space after each keeps the columns honest.
  const text = l.double ? chars.join(' ') : chars.join('');
  return (' '.repeat(pad) + text).trimEnd();
}

/** The document as text lines, in the order the printer handles it. Pure. */
export function renderPreview(doc: PrintDocument, width: PaperWidth): string[] {
  const out: string[] = [];
  if (doc.kick) out.push(drawerMark(doc.kick));
  for (const l of doc.lines) out.push(previewLine(l, width));
  if (doc.barcode !== undefined) out.push(`[barcode CODE128 ${doc.barcode}]`);
  for (const l of doc.after ?? []) out.push(previewLine(l, width));
  if (doc.qr !== undefined) out.push(`[qr ${doc.qr}]`);
  if (doc.cut) out.push(CUT_MARK);
  return out;
}

export interface PreviewOptions {
  width: PaperWidth;
  /** Also append every page to this file (for `tail -f` beside the demo). */
  file?: string;
  /** Called with every page once it is "printed" (the screen shows it). */
  onPage?: (lines: string[]) => void;
}

const READY: PrinterStatus = { online: true, paperOut: false, paperLow: false, coverOpen: false, drawerOpen: null, error: false };

export class PreviewPrinter implements ReceiptPrinter {
  readonly driver = 'preview' as const;
  readonly address = 'preview';
  readonly #pages: string[][] = [];

  constructor(readonly opts: PreviewOptions) {}

  /** Every page so far: a receipt, or a drawer pulse on its own. */
  pages(): string[][] {
    return this.#pages.map((p) => [...p]);
  }

  /** The page printed last, if any. */
  lastPage(): string[] | undefined {
    const last = this.#pages.at(-1);
    return last ? [...last] : undefined;
  }

  async print(doc: PrintDocument, opts: IoOptions): Promise<void> {
    await this.#emit(renderPreview(doc, this.opts.width), opts);
  }

  async status(_opts: IoOptions): Promise<PrinterStatus> {
    return { ...READY };
  }

  async kickDrawer(pulse: DrawerPulse, opts: IoOptions): Promise<void> {
    encodeDrawerKick(pulse); // the same checks as the real printer
    await this.#emit([drawerMark(pulse)], opts);
  }

  async close(): Promise<void> {}

  async #emit(lines: string[], opts: IoOptions): Promise<void> {
    if (opts.signal?.aborted) throw aborted('print to preview');
    const file = this.opts.file;
    // The file first: a page that failed to be written has not been printed.
    if (file) await guarded(`print to ${file}`, opts, () => appendFile(file, lines.join('\n') + '\n', 'utf8'));
    this.#pages.push(lines);
    this.opts.onPage?.([...lines]);
  }
}
