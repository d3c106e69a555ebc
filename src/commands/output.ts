import chalk from 'chalk';
import type { Locale } from '../core/money.js';
import { formatAmount } from '../core/money.js';
import { formatQuantity } from '../core/quantity.js';
import type { Product } from '../services/products.js';

export { chalk };

/** Pad or cut text to a width, counting code points (names carry accents). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const chars = [...text];
  if (chars.length > width) return chars.slice(0, Math.max(0, width - 1)).join('') + '…';
  const pad = ' '.repeat(width - chars.length);
  return align === 'left' ? text + pad : pad + text;
}

export function productLine(p: Product, locale: Locale): string {
  const code = p.sku ?? p.barcodes[0] ?? '';
  const stock = p.unit === 'kg' ? `${formatQuantity(p.stockMilli, locale)} kg` : formatQuantity(p.stockMilli, locale);
  return [
    fit(code, 14),
    fit(p.name, 40),
    fit(formatAmount(p.priceCents, locale), 11, 'right'),
    fit(stock, 10, 'right'),
  ].join('  ');
}

export function productHeader(): string {
  return chalk.bold([fit('SKU', 14), fit('NAME', 40), fit('PRICE', 11, 'right'), fit('STOCK', 10, 'right')].join('  '));
}

export function productDetails(p: Product, locale: Locale): string {
  const rows: [string, string][] = [
    ['SKU', p.sku ?? '—'],
    ['Name', p.name],
    ['Barcodes', p.barcodes.join(', ') || '—'],
    ['Category', p.category ?? '—'],
    ['Unit', p.unit],
    ['Price', formatAmount(p.priceCents, locale) + (p.unit === 'kg' ? ' / kg' : '')],
    ['VAT', `${p.vatCode}${p.vatBp === null ? '' : ` (${p.vatBp / 100} %)`}`],
    ['Cost', p.costCents === null ? '—' : formatAmount(p.costCents, locale)],
    ['Stock', formatQuantity(p.stockMilli, locale) + (p.unit === 'kg' ? ' kg' : '')],
    ['Reorder at', p.reorderPointMilli === null ? '—' : formatQuantity(p.reorderPointMilli, locale)],
    ['Reorder qty', p.reorderQtyMilli === null ? '—' : formatQuantity(p.reorderQtyMilli, locale)],
    ['Supplier', p.supplier ?? '—'],
  ];
  return rows.map(([k, v]) => `${chalk.dim(fit(k, 12))} ${v}`).join('\n');
}

/** The JSON contract of a product (see `kassa products show --json`). */
export function productJson(p: Product) {
  return {
    sku: p.sku,
    name: p.name,
    barcodes: p.barcodes,
    category: p.category,
    unit: p.unit,
    priceCents: p.priceCents,
    vatCode: p.vatCode,
    vatBp: p.vatBp,
    costCents: p.costCents,
    stockMilli: p.stockMilli,
    reorderPointMilli: p.reorderPointMilli,
    reorderQtyMilli: p.reorderQtyMilli,
    supplier: p.supplier,
  };
}

/** A progress bar on stderr, only when stderr is a terminal; at most ten redraws a second. */
export function progressBar(label: string): { update(done: number, total: number): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      if (!tty || total <= 0) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const ratio = Math.min(1, done / total);
      const width = Math.max(10, Math.min(40, (process.stderr.columns ?? 80) - label.length - 12));
      const full = Math.round(ratio * width);
      process.stderr.write(`\r${label} ${chalk.cyan('█'.repeat(full))}${chalk.dim('░'.repeat(width - full))} ${String(Math.floor(ratio * 100)).padStart(3)}%`);
      drawn = true;
    },
    done() {
      if (drawn) process.stderr.write('\r\x1b[2K');
    },
  };
}

/** Buffered writes to a stream that wait when it is full (a million lines into `less`). */
export function streamLines(ws: NodeJS.WritableStream): { write(s: string): Promise<void>; end(): Promise<void> } {
  let buf = '';
  const flush = async (): Promise<void> => {
    if (!buf) return;
    const ok = ws.write(buf);
    buf = '';
    if (!ok) await new Promise<void>((resolve) => ws.once('drain', () => resolve()));
  };
  return {
    async write(s) {
      buf += s;
      if (buf.length >= 1 << 16) await flush();
    },
    end: flush,
  };
}
