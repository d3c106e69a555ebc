/**
 * The business day a change belongs to: the till's local date, shifted by the
 * hour a new day starts (`businessDayStartHour`: a sale at 01:30 counts for the
 * day before), and never a day a Z report has closed: after a Z, what happens
 * belongs to the next business day. Read inside the change's transaction, so a
 * sale and a Z on the same register are ordered.
 */
import { businessDayOf } from '../core/receipt.js';
import type { Settings } from '../core/settings.js';
import { lastZ } from '../db/reports.js';
import type { Ctx } from './context.js';

export function businessDayNow(ctx: Ctx, settings: Settings, register: string = settings['register.id']): { at: string; day: string } {
  const now = ctx.clock.now();
  const day = businessDayOf(now, settings.businessDayStartHour);
  const closed = lastZ(ctx.db, register)?.businessDay;
  return { at: now.toISOString(), day: closed !== undefined && day <= closed ? dayAfter(closed) : day };
}

/** YYYY-MM-DD of the next calendar day. */
export function dayAfter(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
