import { KassaError } from '../core/errors.js';

/** `2026-11-01` or a full ISO time → the ISO text the journal compares against. */
export function parseDateBound(flag: string, text: string): string {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(d.getTime())) {
    throw new KassaError('USAGE', `${flag} "${text}" is not a date`, 'write it as 2026-11-01 or 2026-11-01T04:00:00Z');
  }
  return d.toISOString();
}

/** A business day, `2026-11-01`, checked to be a real date. */
export function parseDay(text: string, flag: string): string {
  const t = text.trim();
  const d = new Date(`${t}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== t) {
    throw new KassaError('USAGE', `${flag} "${text}" is not a day`, 'write it as 2026-11-01');
  }
  return t;
}
