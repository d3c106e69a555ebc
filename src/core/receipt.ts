import { KassaError } from './errors.js';
import { tryParseQuantity } from './quantity.js';

/** `R1-000123`: the register and its gapless number. */
export function formatReceiptNo(register: string, no: number): string {
  return `R${register}-${String(no).padStart(6, '0')}`;
}

export function parseReceiptNo(text: string): { register: string; no: number } {
  const m = /^R([A-Za-z0-9]{1,8})-(\d{1,9})$/.exec(text.trim());
  if (!m) throw new KassaError('USAGE', `"${text}" is not a receipt number`, 'write it as on the receipt, e.g. R1-000123');
  return { register: m[1]!, no: Number(m[2]) };
}

/** `3*8712439011619`, `0.350*KAAS-001`, or just a code. */
export function parseItemSpec(text: string): { code: string; qtyMilli: number | null } {
  const star = text.indexOf('*');
  if (star === -1) return { code: text.trim(), qtyMilli: null };
  const q = tryParseQuantity(text.slice(0, star).trim());
  const code = text.slice(star + 1).trim();
  if (!q.ok || q.milli <= 0 || !code) {
    throw new KassaError('USAGE', `"${text}" is not an item`, 'write CODE, or QUANTITY*CODE such as 3*8712439011619 or 0.350*KAAS-001');
  }
  return { code, qtyMilli: q.milli };
}

/**
 * The business day of a moment: the calendar day (local time) of `at` minus the
 * start hour, so that a sale at 01:30 with days starting at 04:00 counts for the
 * day before.
 */
export function businessDayOf(at: Date, startHour: number): string {
  // By the wall clock, not by subtracting hours: on the nights clocks change, 03:30 is still before a 04:00 start.
  const d = new Date(at.getFullYear(), at.getMonth(), at.getDate() - (at.getHours() < startHour ? 1 : 0), 12);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
