import { formatReceiptNo } from '../core/receipt.js';
import { linesOf, paymentsOf, saleById } from '../db/sales.js';
import { userById } from '../db/users.js';
import { renderReceipt, type ReceiptData } from '../render/receipt.js';
import { loadSettings } from './config.js';
import type { Ctx } from './context.js';
import { appendJournal } from './journal.js';
import { saleOf, showSale } from './sales.js';

/** The time zone receipts are printed in: the till's own (TZ), like the business day. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Everything a receipt shows, from the stored sale: a reprint is the same receipt. */
export function receiptData(ctx: Ctx, receipt: string): ReceiptData {
  const settings = loadSettings(ctx);
  const stored = saleOf(ctx, receipt);
  const sale = showSale(ctx, receipt);
  const lines = linesOf(ctx.db, stored.id);
  const payments = paymentsOf(ctx.db, stored.id);
  const original = stored.originalSaleId === null ? null : saleById(ctx.db, stored.originalSaleId)!;
  return {
    store: {
      name: settings['store.name'],
      address: settings['store.address'],
      vatNumber: settings['store.vatNumber'],
      header: settings['receipt.header'],
      footer: settings['receipt.footer'],
    },
    kind: stored.kind,
    receiptNo: sale.receiptNo,
    originalReceiptNo: original ? formatReceiptNo(original.register, original.receiptNo) : null,
    register: stored.register,
    completedAt: stored.completedAt,
    timeZone: localTimeZone(),
    cashierName: userById(ctx.db, stored.cashierId)?.name ?? `#${stored.cashierId}`,
    lines: lines.map((l) => ({
      name: l.name,
      qtyMilli: l.qtyMilli,
      unit: l.unit,
      unitPriceCents: l.unitPriceCents,
      // Price × quantity, or for a refund line the part of the sale it returns.
      grossCents: l.lineTotalCents + l.discountCents,
      // The receipt shows the line's own discount; the sale discount is shown once.
      discountCents: l.discountCents - l.saleDiscountShareCents,
      discountLabel: l.discountLabel,
      lineTotalCents: l.lineTotalCents + l.saleDiscountShareCents,
      vatBp: l.vatBp,
      priceOverridden: l.unitPriceCents !== l.listPriceCents,
    })),
    totalCents: sale.totalCents,
    pricesIncludeVat: sale.pricesIncludeVat,
    vat: sale.vat,
    payments: payments.map((p) => ({
      method: p.method,
      amountCents: p.amountCents,
      tenderedCents: p.tenderedCents,
      changeCents: p.changeCents,
      brand: p.brand,
      maskedPan: p.maskedPan,
      authCode: p.authCode,
    })),
    roundingCents: sale.roundingCents,
    changeCents: sale.changeCents,
    saleDiscountCents: stored.saleDiscountCents,
    terminalReceipt: payments.flatMap((p) => p.terminalReceipt),
  };
}

export interface ReceiptRequest {
  lang?: 'nl' | 'en';
  width?: 32 | 42 | 48;
  copy?: boolean;
  userId?: number | null; // who asked for the copy, for the journal
  /** false: the same copy again at another width, already journaled. */
  journal?: boolean;
}

/**
 * The receipt as text lines, in the store's language unless asked otherwise.
 * A copy says so on the paper and is journaled: a second receipt for the same
 * sale is a known route to fraud.
 */
export function receiptText(ctx: Ctx, receipt: string, req: ReceiptRequest = {}): string[] {
  const settings = loadSettings(ctx);
  const data = receiptData(ctx, receipt);
  const lang = req.lang ?? (settings.locale === 'nl-NL' ? 'nl' : 'en');
  const lines = renderReceipt(data, { lang, width: req.width ?? 42, copy: req.copy ?? false, locale: settings.locale });
  if (req.copy && req.journal !== false) {
    ctx.db
      .transaction(() => appendJournal(ctx, 'receipt.copy_printed', { receiptNo: data.receiptNo, register: data.register, userId: req.userId ?? null }))
      .immediate();
  }
  return lines;
}
