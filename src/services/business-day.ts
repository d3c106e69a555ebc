/**
 * The business day a change belongs to: the till's local date, shifted by the
 * hour a new day starts (`businessDayStartHour`: a sale at 01:30 counts for the
 * day before); and after the day's Z, the next day. "The day's Z" is a Z made
 * today that closed today's sales: an empty Z in the morning does not close the
 * day, and a Z made this morning for yesterday (forgotten last night, before the
 * first sale) does not either. A label is never more than one day ahead, so two Z reports on one day
 * cannot push the days that follow forward. Which Z a change goes on is not
 * decided by this label but by what the last Z covered (src/db/reports.ts).
 * Read inside the change's transaction, so a sale and a Z are ordered.
 */
import { businessDayOf } from '../core/receipt.js';
import type { Settings } from '../core/settings.js';
import { zClosingsWithSalesFrom } from '../db/reports.js';
import type { Ctx } from './context.js';

export function businessDayNow(ctx: Ctx, settings: Settings, register: string = settings['register.id']): { at: string; day: string } {
  const now = ctx.clock.now();
  const day = businessDayOf(now, settings.businessDayStartHour);
  const closedToday = zClosingsWithSalesFrom(ctx.db, register, day).some((at) => businessDayOf(new Date(at), settings.businessDayStartHour) === day);
  return { at: now.toISOString(), day: closedToday ? dayAfter(day) : day };
}

/**
 * The business day a Z made now is dated: the last day of the sales it covers,
 * else today; `fromDay` is the first. A Z closes the days it covers, today's
 * included when it covers a sale of today — so a Z forgotten last night is best
 * made before this morning's first sale (then it is last night's alone); made
 * after it, the rest of today counts for tomorrow. Its summaries are kept per
 * day, so sales reports count each sale on the day it carries. Never before the
 * previous Z's day (an empty Z after one dated tomorrow), unless that one lies
 * further ahead than any label can (a store that drifted under 008).
 */
export function zDay(today: string, salesDays: readonly string[], previous: string | null): { day: string; fromDay: string } {
  const sorted = [...salesDays].sort();
  let day = sorted.at(-1) ?? today;
  if (previous !== null && day < previous && previous <= dayAfter(today)) day = previous;
  return { day, fromDay: sorted[0] !== undefined && sorted[0] < day ? sorted[0] : day };
}

/** YYYY-MM-DD of the next calendar day. */
export function dayAfter(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
