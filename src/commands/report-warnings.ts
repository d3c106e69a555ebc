import { formatAmount, type Locale } from '../core/money.js';
import type { DayReport } from '../core/report.js';

/** Payments taken on carts that are not completed are on no report yet: say so, on stderr, with what to do. */
export function warnUnfinished(r: DayReport, locale: Locale): void {
  for (const c of r.unfinishedPayments ?? []) {
    process.stderr.write(
      `warning: cart ${c.cartId} (${c.status}) has ${formatAmount(c.paidCents, locale, { symbol: true })} paid by ${c.methods.join(' and ')} but is not completed: it is on no report until it is: kassa cart pay ${c.cartId} completes it (a parked one after kassa cart resume ${c.cartId})\n`,
    );
  }
}
