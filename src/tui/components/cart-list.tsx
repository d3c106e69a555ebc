import { Box, Text } from 'ink';
import type { Locale } from '../../core/money.js';
import { formatAmount } from '../../core/money.js';
import { formatQuantity } from '../../core/quantity.js';
import type { CartView } from '../../services/carts.js';
import type { Words } from '../words.js';

export interface Row {
  key: string;
  lineNo: number;
  kind: 'line' | 'discount';
  voided: boolean;
}

/** The rows of a cart: each line, and under a discounted line its discount. */
export function rowsOf(cart: CartView | null): Row[] {
  const rows: Row[] = [];
  for (const l of cart?.lines ?? []) {
    rows.push({ key: `l${l.lineNo}`, lineNo: l.lineNo, kind: 'line', voided: l.voided });
    if (!l.voided && l.discountCents !== 0) rows.push({ key: `d${l.lineNo}`, lineNo: l.lineNo, kind: 'discount', voided: false });
  }
  return rows;
}

/**
 * Which rows fit in `height`: the newest at the bottom, and the selected line
 * always in view. Only these are rendered, so a cart of a thousand lines costs
 * what a screenful costs.
 */
export function visibleWindow(rows: readonly Row[], height: number, selected: number | null): { start: number; end: number } {
  if (rows.length <= height) return { start: 0, end: rows.length };
  let end = rows.length;
  if (selected !== null) {
    const at = rows.findIndex((r) => r.lineNo === selected && r.kind === 'line');
    if (at >= 0 && at < end - height) end = Math.min(rows.length, at + height);
    // keep a selected line's discount row with it
    if (at >= 0 && rows[at + 1]?.lineNo === selected && at + 2 > end) end = at + 2;
  }
  return { start: Math.max(0, end - height), end };
}

const fit = (t: string, w: number): string => {
  const chars = [...t];
  return chars.length > w ? chars.slice(0, Math.max(0, w - 1)).join('') + '…' : t + ' '.repeat(w - chars.length);
};
const right = (t: string, w: number): string => (t.length >= w ? t : ' '.repeat(w - t.length) + t);

export function CartList(props: { cart: CartView | null; selected: number | null; width: number; height: number; locale: Locale; words: Words; narrow: boolean }) {
  const { cart, selected, width, height, locale, words, narrow } = props;
  const rows = rowsOf(cart);
  const { start, end } = visibleWindow(rows, Math.max(1, height), selected);
  const byNo = new Map((cart?.lines ?? []).map((l) => [l.lineNo, l]));
  const f = (c: number) => formatAmount(c, locale, { symbol: false });
  const out = rows.slice(start, end).map((r) => {
    const l = byNo.get(r.lineNo)!;
    const marker = r.lineNo === selected && r.kind === 'line' ? '▶' : ' ';
    if (r.kind === 'discount') {
      const label = `  ${words.discount}${l.discount && 'percentBp' in l.discount ? ` ${l.discount.percentBp / 100}%` : ''}`;
      return { key: r.key, text: `${fit(label, width - 12)}${right(f(-l.discountCents), 12)}`, dim: true, sel: false, voided: false };
    }
    const qty = l.unit === 'kg' ? `${formatQuantity(l.qtyMilli, locale)} kg` : formatQuantity(l.qtyMilli, locale);
    const total = l.voided ? words.voided : f(l.lineTotalCents + l.discountCents);
    if (narrow) {
      const q = l.unit === 'kg' ? `${formatQuantity(l.qtyMilli, locale)}kg` : `${qty}×`;
      const name = fit(`${marker}${l.lineNo} ${l.name}`, width - 19);
      return { key: r.key, text: `${name}${right(q, 9)}${right(total, 10)}`, dim: l.voided, sel: marker === '▶', voided: l.voided };
    }
    const nameWidth = width - 5 - 9 - 10 - 11;
    const text = `${marker}${right(String(l.lineNo), 3)} ${fit(l.name, nameWidth)}${right(qty, 9)}${right(f(l.unitPriceCents), 10)}${right(total, 11)}`;
    return { key: r.key, text, dim: l.voided, sel: marker === '▶', voided: l.voided };
  });
  return (
    <Box flexDirection="column" height={height}>
      {out.map((r) => (
        <Text key={r.key} bold={r.sel} inverse={r.sel} dimColor={r.dim} strikethrough={r.voided}>
          {r.text}
        </Text>
      ))}
    </Box>
  );
}
