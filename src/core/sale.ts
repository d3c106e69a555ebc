/**
 * The arithmetic of a sale (DESIGN.md, "Money rules"): integer cents, prices
 * including VAT (or, for a store with `prices.includeVat false`, excluding it),
 * one named rounding per rule. Pure: the sale service stores what these return.
 */
import { KassaError } from './errors.js';
import { mulDivRoundHalfUp, roundHalfUpDiv } from './money.js';

export interface LineInput {
  unitPriceCents: number;
  qtyMilli: number; // 1 piece = 1000, 0.350 kg = 350
  discountCents?: number; // the line's own discount, in cents
  vatCode: string;
  vatBp: number | null; // null: exempt
}

export type SaleDiscount = { percentBp: number } | { amountCents: number };

/** How the store's prices are meant; the default is tax-inclusive (EU retail). */
export interface PriceOptions {
  /** false: prices, discounts and line totals are net, and VAT comes on top per rate. */
  pricesIncludeVat?: boolean;
}

export interface LineTotals {
  grossCents: number; // price × quantity, rounded half up, before discounts (net of VAT when prices exclude it)
  lineDiscountCents: number;
  saleDiscountCents: number; // this line's share of the sale discount
  totalCents: number; // gross − both discounts
  vatCode: string;
  vatBp: number | null;
}

/** One rate of the receipt, whichever way prices are meant: grossCents = netCents + vatCents. */
export interface VatLine {
  vatCode: string;
  vatBp: number | null;
  grossCents: number;
  netCents: number;
  vatCents: number;
}

/**
 * The totals of a sale. Amounts of lines and discounts are in the store's
 * prices: including VAT by default, net when prices exclude VAT.
 * - `subtotalCents`: the sum of price × quantity of the lines, before any discount.
 * - `discountCents`: line and sale discounts together.
 * - `totalCents`: what the customer pays (before cash rounding). Prices including
 *   VAT: subtotal − discount, the VAT is inside. Prices excluding VAT:
 *   subtotal − discount + the VAT of every rate (`vat[].vatCents`).
 * In both cases `totalCents` is the sum of `vat[].grossCents`.
 */
export interface SaleTotals {
  lines: LineTotals[];
  subtotalCents: number;
  discountCents: number;
  totalCents: number;
  vat: VatLine[]; // per rate, highest rate first
}

/** Rule 1: a line's gross is price × quantity, rounded half up to the cent. */
export function lineGrossCents(unitPriceCents: number, qtyMilli: number): number {
  return mulDivRoundHalfUp(unitPriceCents, qtyMilli, 1000);
}

/** Rule 2: VAT inside a tax-inclusive amount: gross × bp / (10000 + bp), half up. */
export function vatIncluded(grossCents: number, vatBp: number | null): number {
  if (vatBp === null || vatBp === 0) return 0;
  return mulDivRoundHalfUp(grossCents, vatBp, 10000 + vatBp);
}

/** Rule 2b, prices excluding VAT: VAT on top of a net amount: net × bp / 10000, half up. */
export function vatOnTop(netCents: number, vatBp: number | null): number {
  if (vatBp === null || vatBp === 0) return 0;
  return mulDivRoundHalfUp(netCents, vatBp, 10000);
}

/** Rule 3: a percentage (in basis points) of an amount, half up. */
export function percentOf(amountCents: number, bp: number): number {
  return mulDivRoundHalfUp(amountCents, bp, 10000);
}

/**
 * Rule 4: split `amountCents` over `weights` in proportion, whole cents, the
 * remainders to the largest fractions (ties to the earlier line), so the parts
 * add up exactly. Used to spread a sale discount over lines of different VAT.
 */
export function distribute(amountCents: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || amountCents === 0) return weights.map(() => 0);
  const parts = weights.map((w) => Math.trunc((amountCents * w) / total));
  let left = amountCents - parts.reduce((a, b) => a + b, 0);
  const order = weights
    .map((w, i) => ({ i, frac: Math.abs((amountCents * w) / total - parts[i]!) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  const step = Math.sign(left);
  for (let k = 0; left !== 0; k = (k + 1) % order.length) {
    parts[order[k]!.i]! += step;
    left -= step;
  }
  return parts;
}

/**
 * Lines, discounts, VAT and total of a sale. With prices excluding VAT the
 * discounts are net amounts too (a percentage of the net, an amount off the
 * net), so VAT is due on what is paid for after the discount.
 */
export function saleTotals(inputs: readonly LineInput[], saleDiscount?: SaleDiscount, opts: PriceOptions = {}): SaleTotals {
  const lines = inputs.map((l) => {
    const grossCents = lineGrossCents(l.unitPriceCents, l.qtyMilli);
    const lineDiscountCents = l.discountCents ?? 0;
    if (lineDiscountCents < 0 || lineDiscountCents > Math.abs(grossCents)) {
      throw new KassaError('INVALID_DISCOUNT', `a line discount of ${lineDiscountCents} cents is more than the line (${grossCents})`);
    }
    return { grossCents, lineDiscountCents, vatCode: l.vatCode, vatBp: l.vatBp };
  });
  const afterLine = lines.map((l) => l.grossCents - l.lineDiscountCents);
  const base = afterLine.reduce((a, b) => a + b, 0);
  let saleDiscountCents = 0;
  if (saleDiscount) {
    if ('percentBp' in saleDiscount && !(saleDiscount.percentBp >= 0 && saleDiscount.percentBp <= 10000)) {
      throw new KassaError('INVALID_DISCOUNT', `a sale discount of ${saleDiscount.percentBp / 100} % is not between 0 and 100 %`);
    }
    saleDiscountCents = 'percentBp' in saleDiscount ? percentOf(base, saleDiscount.percentBp) : saleDiscount.amountCents;
    if (saleDiscountCents < 0 || saleDiscountCents > Math.max(base, 0)) {
      throw new KassaError('INVALID_DISCOUNT', `a sale discount of ${saleDiscountCents} cents is more than the sale (${base})`);
    }
  }
  const shares = distribute(saleDiscountCents, afterLine.map((v) => Math.max(v, 0)));
  const out: LineTotals[] = lines.map((l, i) => ({
    ...l,
    saleDiscountCents: shares[i]!,
    totalCents: afterLine[i]! - shares[i]!,
  }));
  const vat = vatBreakdown(out, opts);
  const linesCents = out.reduce((a, l) => a + l.totalCents, 0);
  const pricesIncludeVat = opts.pricesIncludeVat ?? true;
  return {
    lines: out,
    subtotalCents: lines.reduce((a, l) => a + l.grossCents, 0),
    discountCents: out.reduce((a, l) => a + l.lineDiscountCents + l.saleDiscountCents, 0),
    totalCents: pricesIncludeVat ? linesCents : linesCents + vat.reduce((a, v) => a + v.vatCents, 0),
    vat,
  };
}

/**
 * VAT per rate over the receipt: the rule applied once per rate to the sum of
 * its lines — `vatIncluded` to gross line totals, or `vatOnTop` to net line
 * totals when prices exclude VAT.
 */
export function vatBreakdown(
  lines: readonly { totalCents: number; vatCode: string; vatBp: number | null }[],
  opts: PriceOptions = {},
): VatLine[] {
  const pricesIncludeVat = opts.pricesIncludeVat ?? true;
  const byCode = new Map<string, { vatCode: string; vatBp: number | null; linesCents: number }>();
  for (const l of lines) {
    const v = byCode.get(l.vatCode) ?? { vatCode: l.vatCode, vatBp: l.vatBp, linesCents: 0 };
    v.linesCents += l.totalCents;
    byCode.set(l.vatCode, v);
  }
  const out = [...byCode.values()].map(({ vatCode, vatBp, linesCents }): VatLine => {
    if (pricesIncludeVat) {
      const vatCents = vatIncluded(linesCents, vatBp);
      return { vatCode, vatBp, grossCents: linesCents, netCents: linesCents - vatCents, vatCents };
    }
    const vatCents = vatOnTop(linesCents, vatBp);
    return { vatCode, vatBp, grossCents: linesCents + vatCents, netCents: linesCents, vatCents };
  });
  return out.sort((a, b) => (b.vatBp ?? -1) - (a.vatBp ?? -1) || a.vatCode.localeCompare(b.vatCode));
}

/**
 * Rule 5: cash rounding to the store's step (5 cents in the Netherlands: 1–2
 * down, 3–4 up, 6–7 down, 8–9 up), half up where a step has a middle (10 cents:
 * 5 up). Only ever applied to what is paid in cash.
 */
export function roundToCashStep(amountCents: number, stepCents: number): number {
  if (!Number.isSafeInteger(stepCents) || stepCents < 1) throw new RangeError(`cash step ${stepCents}`);
  return roundHalfUpDiv(amountCents, stepCents) * stepCents;
}

export interface CashSettlement {
  dueCents: number; // what the cash part had to be before rounding
  amountCents: number; // what the cash pays, rounded
  roundingCents: number; // amountCents − dueCents, stored on the sale
  tenderedCents: number;
  changeCents: number;
}

/** Settle `dueCents` in cash with `tenderedCents` handed over. */
export function settleCash(dueCents: number, tenderedCents: number, stepCents: number): CashSettlement {
  const amountCents = roundToCashStep(dueCents, stepCents);
  if (tenderedCents < amountCents) {
    throw new KassaError('INSUFFICIENT_PAYMENT', `${tenderedCents} cents is not enough: ${amountCents} cents are due in cash`);
  }
  return { dueCents, amountCents, roundingCents: amountCents - dueCents, tenderedCents, changeCents: tenderedCents - amountCents };
}
