/**
 * The X/Z and sales reports as CSV for a spreadsheet (RFC 4180: `,` between
 * fields, CRLF after every record, UTF-8, a header row; amounts in euros with
 * a dot, `1234.50`, no thousands separator; quantities likewise, `18.45`).
 * Pure. Fields are quoted by src/core/csv.ts, the writer the products export uses.
 *
 * The day report is one table, so a spreadsheet's filter on `section` shows
 * one part at a time:
 *
 *   section,key,text,count,quantity,amount,excl_vat,vat
 *
 * | section     | key                                   | text / count / quantity / amount / excl_vat / vat      |
 * | ----------- | ------------------------------------- | ------------------------------------------------------ |
 * | report      | kind, z_no, register, business_day, from_day, from, to | text (times ISO UTC; `from` empty when nothing was sold) |
 * | turnover    | receipts, refund_receipts             | count                                                  |
 * | turnover    | gross, refunds, discounts, net        | amount (refunds and discounts positive, as in the JSON)|
 * | vat         | the rate in percent (`9`, `21`, `exempt`) | amount (incl. VAT), excl_vat, vat                  |
 * | payment     | cash, card, qr, giftcard, store_credit | count, amount                                        |
 * | payment     | rounding                              | amount                                                 |
 * | cash        | float, cash_taken, cash_in, cash_out, expected, counted, difference | amount (counted and difference empty when not counted) |
 * | checks      | no_sale, voided_lines, cancelled_sales | count                                                |
 * | checks      | average_basket                        | amount                                                 |
 * | hour        | the hour, `07`                        | count (receipts), amount                               |
 * | product     | the product code                      | text (name), quantity, amount                          |
 * | cashier     | the cashier id                        | text (name), count (receipts), amount                  |
 * | grand_total | sales, refunds                        | amount                                                 |
 *
 * The sales report is one row per line of the report and a last row `total`,
 * under `key,label,receipts,qty,gross,net,cost,margin,average_basket`; a
 * figure the report does not have (no cost price, no quantity, no net by
 * hour, cashier or payment method) is empty.
 */
import { formatCsvRow } from '../core/csv.js';
import { formatQuantity } from '../core/quantity.js';
import type { DayReport, SalesReport } from '../core/report.js';
import { formatBp } from '../core/settings.js';
import { cashTaken, handover, salesColumns } from './report-layout.js';

const DAY_HEADER = ['section', 'key', 'text', 'count', 'quantity', 'amount', 'excl_vat', 'vat'] as const;
const SALES_HEADER = ['key', 'label', 'receipts', 'qty', 'gross', 'net', 'cost', 'margin', 'average_basket'] as const;
const EOL = '\r\n';

/** `1234.50`, `-0.40`: cents as decimal euros, exactly. */
export function euros(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`${cents} is not a whole number of cents`);
  const abs = Math.abs(cents);
  const frac = abs % 100;
  return `${cents < 0 ? '-' : ''}${(abs - frac) / 100}.${String(frac).padStart(2, '0')}`;
}

interface DayRow {
  section: string;
  key: string;
  text?: string;
  count?: number;
  quantityMilli?: number;
  amount?: number | null;
  exclVat?: number;
  vat?: number;
}

function dayFields(r: DayRow): string[] {
  return [
    r.section,
    r.key,
    r.text ?? '',
    r.count === undefined ? '' : String(r.count),
    r.quantityMilli === undefined ? '' : formatQuantity(r.quantityMilli, 'en-GB'),
    r.amount === undefined || r.amount === null ? '' : euros(r.amount),
    r.exclVat === undefined ? '' : euros(r.exclVat),
    r.vat === undefined ? '' : euros(r.vat),
  ];
}

/** The X or Z report as one CSV document (the layout is in this file's comment). */
export function dayReportCsv(r: DayReport): string {
  const rows: DayRow[] = [
    { section: 'report', key: 'kind', text: r.kind },
    ...(r.zNo === undefined ? [] : [{ section: 'report', key: 'z_no', count: r.zNo }]),
    { section: 'report', key: 'register', text: r.register },
    { section: 'report', key: 'business_day', text: r.businessDay },
    { section: 'report', key: 'from_day', text: r.fromDay },
    { section: 'report', key: 'from', text: r.from ?? '' },
    { section: 'report', key: 'to', text: r.to },
    { section: 'turnover', key: 'receipts', count: r.receipts },
    { section: 'turnover', key: 'refund_receipts', count: r.refundReceipts },
    { section: 'turnover', key: 'gross', amount: r.grossCents },
    { section: 'turnover', key: 'refunds', amount: r.refundsCents },
    { section: 'turnover', key: 'discounts', amount: r.discountsCents },
    { section: 'turnover', key: 'net', amount: r.netCents },
    ...r.vat.map((v) => ({ section: 'vat', key: formatBp(v.vatBp), amount: v.grossCents, exclVat: v.netCents, vat: v.vatCents })),
    ...r.payments.map((p) => ({ section: 'payment', key: p.method, count: p.count, amount: p.amountCents })),
    { section: 'payment', key: 'rounding', amount: r.roundingCents },
    { section: 'cash', key: 'float', amount: r.cashFloatCents },
    { section: 'cash', key: 'cash_taken', amount: cashTaken(r) },
    { section: 'cash', key: 'cash_in', amount: r.cashInCents },
    { section: 'cash', key: 'cash_out', amount: r.cashOutCents },
    { section: 'cash', key: 'handover', amount: handover(r) },
    { section: 'cash', key: 'expected', amount: r.cashExpectedCents },
    { section: 'cash', key: 'counted', amount: r.cashCountedCents },
    { section: 'cash', key: 'difference', amount: r.cashDifferenceCents },
    { section: 'checks', key: 'no_sale', count: r.noSaleCount },
    { section: 'checks', key: 'voided_lines', count: r.voidedLines },
    { section: 'checks', key: 'cancelled_sales', count: r.cancelledSales },
    { section: 'checks', key: 'average_basket', amount: r.averageBasketCents },
    ...r.byHour.map((h) => ({ section: 'hour', key: String(h.hour).padStart(2, '0'), count: h.receipts, amount: h.grossCents })),
    ...r.topProducts.map((p) => ({ section: 'product', key: p.code, text: p.name, quantityMilli: p.qtyMilli, amount: p.grossCents })),
    ...r.byCashier.map((c) => ({ section: 'cashier', key: String(c.cashierId), text: c.name, count: c.receipts, amount: c.grossCents })),
    { section: 'grand_total', key: 'sales', amount: r.grandTotalSalesCents },
    { section: 'grand_total', key: 'refunds', amount: r.grandTotalRefundsCents },
  ];
  return [DAY_HEADER, ...rows.map(dayFields)].map((f) => formatCsvRow(f, ',') + EOL).join('');
}

/** The sales report as CSV: a header, one row per report row, the totals row last. */
export function salesReportCsv(r: SalesReport): string {
  const orEmpty = (v: number | null, f: (v: number) => string): string => (v === null ? '' : f(v));
  // By hour, cashier or payment the service keeps no net: an empty cell, not a zero.
  const hasNet = salesColumns(r).net;
  const lines = [...r.rows, r.totals].map((x) => [
    x.key,
    x.label,
    String(x.receipts),
    orEmpty(x.qtyMilli, (q) => formatQuantity(q, 'en-GB')),
    euros(x.grossCents),
    hasNet ? euros(x.netCents) : '',
    orEmpty(x.costCents, euros),
    orEmpty(x.marginCents, euros),
    orEmpty(x.averageBasketCents, euros),
  ]);
  return [SALES_HEADER, ...lines].map((f) => formatCsvRow(f, ',') + EOL).join('');
}
