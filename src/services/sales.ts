import { randomUUID } from 'node:crypto';
import { KassaError } from '../core/errors.js';
import { businessDayOf, formatReceiptNo, parseReceiptNo } from '../core/receipt.js';
import { roundToCashStep, saleTotals, settleCash, vatBreakdown } from '../core/sale.js';
import {
  insertPayment,
  insertSale,
  insertSaleLine,
  insertStockMovement,
  linesOf,
  nextReceiptNo,
  paymentsOf,
  saleByReceipt,
} from '../db/sales.js';
import { userById } from '../db/users.js';
import { loadSettings } from './config.js';
import type { Ctx } from './context.js';
import { appendJournal } from './journal.js';
import { findProduct } from './products.js';

export interface SaleItem {
  code: string;
  qtyMilli: number | null; // null: one piece (weighed products need a weight)
}

/** A cash payment; `tenderedCents` null means exact. Card and QR come with the payment terminal drivers. */
export interface CashPayment {
  method: 'cash';
  tenderedCents: number | null;
}

export interface SaleInput {
  register?: string;
  cashierId: number;
  items: SaleItem[];
  payments: CashPayment[];
}

/** The JSON contract of a completed sale (`kassa sell --json`, `kassa sales show --json`). */
export interface CompletedSale {
  receiptNo: string;
  register: string;
  businessDay: string;
  completedAt: string;
  cashierId: number;
  lines: { code: string; name: string; qtyMilli: number; unitPriceCents: number; discountCents: number; lineTotalCents: number; vatBp: number | null }[];
  totalCents: number;
  vat: { vatBp: number | null; grossCents: number; netCents: number; vatCents: number }[];
  payments: { method: string; amountCents: number; tenderedCents: number | null; changeCents: number | null; reference: string | null }[];
  roundingCents: number;
  changeCents: number;
}

/**
 * Complete a sale paid in cash: the sale, its lines, payment, stock movements
 * (reason `sale`), the register's next gapless receipt number and the journal
 * entry, in one IMMEDIATE transaction. Nothing is printed or opened before it
 * commits; anything wrong leaves the store as it was.
 */
export function completeCashSale(ctx: Ctx, input: SaleInput): CompletedSale {
  const settings = loadSettings(ctx);
  const register = input.register ?? settings['register.id'];
  if (!userById(ctx.db, input.cashierId)) throw new KassaError('USER_NOT_FOUND', `no user with id ${input.cashierId}`, 'see `kassa users list`');
  if (input.items.length === 0) throw new KassaError('USAGE', 'a sale needs at least one item', 'kassa sell CODE... --pay cash');
  const lines = input.items.map((item) => {
    const p = findProduct(ctx, item.code);
    if (!p) throw new KassaError('PRODUCT_NOT_FOUND', `no product with SKU or barcode "${item.code}"`, 'look it up with `kassa products search`');
    if (p.unit === 'kg' && item.qtyMilli === null) {
      throw new KassaError('INVALID_QUANTITY', `${p.name} is sold by weight`, `give the weight in kg: 0.350*${item.code}`);
    }
    const qtyMilli = item.qtyMilli ?? 1000;
    if (p.unit === 'piece' && qtyMilli % 1000 !== 0) {
      throw new KassaError('INVALID_QUANTITY', `${p.name} is sold per piece, not ${qtyMilli / 1000}`, `give whole pieces: 2*${item.code}`);
    }
    return { product: p, code: item.code, qtyMilli };
  });
  if (input.payments.length !== 1 || input.payments[0]!.method !== 'cash') {
    throw new KassaError('USAGE', 'this version takes one cash payment per sale', 'card, QR and split payments come with the payment terminal drivers');
  }
  const totals = saleTotals(
    lines.map((l) => ({ unitPriceCents: l.product.priceCents, qtyMilli: l.qtyMilli, vatCode: l.product.vatCode, vatBp: l.product.vatBp })),
  );
  const tendered = input.payments[0]!.tenderedCents;
  const cash = settleCash(totals.totalCents, tendered ?? roundToCashStep(totals.totalCents, settings.cashRounding), settings.cashRounding);

  const now = ctx.clock.now();
  const completedAt = now.toISOString();
  const businessDay = businessDayOf(now, settings.businessDayStartHour);
  return ctx.db
    .transaction((): CompletedSale => {
      const no = nextReceiptNo(ctx.db, register);
      const receiptNo = formatReceiptNo(register, no);
      const saleId = insertSale(ctx.db, {
        uuid: randomUUID(),
        register,
        receiptNo: no,
        businessDay,
        kind: 'sale',
        cashierId: input.cashierId,
        completedAt,
        subtotalCents: totals.subtotalCents,
        discountCents: totals.discountCents,
        totalCents: totals.totalCents,
        roundingCents: cash.roundingCents,
        changeCents: cash.changeCents,
      });
      lines.forEach((l, i) => {
        const t = totals.lines[i]!;
        insertSaleLine(ctx.db, saleId, {
          lineNo: i + 1,
          productId: l.product.id,
          code: l.code,
          name: l.product.name,
          qtyMilli: l.qtyMilli,
          unitPriceCents: l.product.priceCents,
          discountCents: t.lineDiscountCents + t.saleDiscountCents,
          vatCode: t.vatCode,
          vatBp: t.vatBp,
          lineTotalCents: t.totalCents,
        });
        insertStockMovement(ctx.db, l.product.id, -l.qtyMilli, 'sale', receiptNo, completedAt);
      });
      insertPayment(ctx.db, saleId, {
        method: 'cash',
        amountCents: cash.amountCents,
        tenderedCents: cash.tenderedCents,
        changeCents: cash.changeCents,
        reference: null,
      });
      appendJournal(ctx, 'sale.completed', {
        receiptNo,
        register,
        businessDay,
        cashierId: input.cashierId,
        totalCents: totals.totalCents,
        roundingCents: cash.roundingCents,
        lines: lines.length,
        payments: [{ method: 'cash', amountCents: cash.amountCents }],
      });
      return showSale(ctx, receiptNo);
    })
    .immediate();
}

export function showSale(ctx: Ctx, receipt: string): CompletedSale {
  const { register, no } = parseReceiptNo(receipt);
  const s = saleByReceipt(ctx.db, register, no);
  if (!s) throw new KassaError('SALE_NOT_FOUND', `no sale ${receipt}`, 'see `kassa audit log` for the receipts of this store');
  const lines = linesOf(ctx.db, s.id);
  return {
    receiptNo: formatReceiptNo(s.register, s.receiptNo),
    register: s.register,
    businessDay: s.businessDay,
    completedAt: s.completedAt,
    cashierId: s.cashierId,
    lines: lines.map((l) => ({
      code: l.code,
      name: l.name,
      qtyMilli: l.qtyMilli,
      unitPriceCents: l.unitPriceCents,
      discountCents: l.discountCents,
      lineTotalCents: l.lineTotalCents,
      vatBp: l.vatBp,
    })),
    totalCents: s.totalCents,
    vat: saleVat(lines),
    payments: paymentsOf(ctx.db, s.id),
    roundingCents: s.roundingCents,
    changeCents: s.changeCents,
  };
}

function saleVat(lines: { lineTotalCents: number; vatCode: string; vatBp: number | null }[]): CompletedSale['vat'] {
  // The same rule as at the sale: per rate over the receipt's sum.
  return vatBreakdown(lines.map((l) => ({ totalCents: l.lineTotalCents, vatCode: l.vatCode, vatBp: l.vatBp }))).map(({ vatBp, grossCents, netCents, vatCents }) => ({ vatBp, grossCents, netCents, vatCents }));
}
