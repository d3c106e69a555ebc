/**
 * From the cells a format picked out of a record to an ImportedProduct: the
 * value rules shared by every format (amounts, quantities, barcodes, VAT, unit,
 * name) and the messages a person reads when a value is wrong.
 */
import { checkDigitOk, gtinCheckDigit, gtinKind, looksLikeSpreadsheetNumber, normalizeBarcode } from '../gtin.js';
import { amountOrReason, mulDivRoundHalfUp, type DecimalMark } from '../money.js';
import { quantityOrReason } from '../quantity.js';
import type { Cell } from './header.js';
import type { ImportedProduct, RowIssue, Unit, VatRate } from './types.js';

/** What one record says, still as text, with where each value came from. */
export interface RawRecord {
  line: number;
  sku: Cell | null;
  /** Each cell may hold several codes separated by `|`. */
  barcodes: Cell[];
  name: Cell | null;
  category: Cell | null;
  unit: Cell | null;
  /** `kassa`: piece, kg (pcs, stuk, st…); `soldByWeight`: Y/N as Loyverse writes it. */
  unitStyle: 'kassa' | 'soldByWeight';
  price: Cell | null;
  /** The price excludes VAT (PrestaShop): it is converted with the row's VAT rate. */
  priceExcludesVat: boolean;
  vat: Cell | null;
  /** `codeOrPercent`: `high`, `21`, `21 %`, `9,0`; `prestashopTaxRule`: a tax rules group id. */
  vatStyle: 'codeOrPercent' | 'prestashopTaxRule';
  cost: Cell | null;
  stock: Cell | null;
  reorderPoint: Cell | null;
  reorderQty: Cell | null;
  supplier: Cell | null;
  /** Found by the format itself (e.g. a variation whose parent is missing). */
  issues: RowIssue[];
  warnings: RowIssue[];
}

export function emptyRecord(line: number): RawRecord {
  return {
    line,
    sku: null,
    barcodes: [],
    name: null,
    category: null,
    unit: null,
    unitStyle: 'kassa',
    price: null,
    priceExcludesVat: false,
    vat: null,
    vatStyle: 'codeOrPercent',
    cost: null,
    stock: null,
    reorderPoint: null,
    reorderQty: null,
    supplier: null,
    issues: [],
    warnings: [],
  };
}

export interface RowEnv {
  decimal: DecimalMark | null;
  vatRates: readonly VatRate[];
  defaultVatCode: string;
}

/**
 * The outcome of one record. `product` is non-null only when the row can be
 * imported: a row with issues is rejected (product null, issues say why), and a
 * row that is not a sellable item has product null and no issues.
 */
export interface RowResult {
  product: ImportedProduct | null;
  issues: RowIssue[];
  warnings: RowIssue[];
}

export function rowIssue(line: number, cell: Cell | null, message: string): RowIssue {
  return {
    line,
    column: cell?.column ?? null,
    columnNo: cell?.columnNo ?? null,
    value: cell ? cell.text : null,
    message,
  };
}

/** The cell of one code in a barcode cell that may hold several. */
function partCell(cell: Cell, part: string): Cell {
  return { text: part.trim(), column: cell.column, columnNo: cell.columnNo };
}

function trimmed(cell: Cell | null): string | null {
  if (!cell) return null;
  const t = cell.text.trim();
  return t === '' ? null : t;
}

const UNITS_BY_WORD: Record<string, Unit> = {
  piece: 'piece',
  pieces: 'piece',
  pc: 'piece',
  pcs: 'piece',
  stuk: 'piece',
  stuks: 'piece',
  st: 'piece',
  kg: 'kg',
  kilo: 'kg',
  kilogram: 'kg',
};

const SOLD_BY_WEIGHT: Record<string, Unit> = { y: 'kg', yes: 'kg', n: 'piece', no: 'piece' };

/** `21%` → 2100, `9,0` → 900, `5.5 %` → 550, `21.000` → 2100 (OSPOS writes 3 decimals); null when not a percentage. */
export function percentToBp(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d+))?\s*%?$/.exec(text.trim());
  if (!m) return null;
  const frac = m[2] ?? '';
  if (/[1-9]/.test(frac.slice(2))) return null; // finer than 0.01 %: no such rate
  return Number(m[1]) * 100 + Number(frac.slice(0, 2).padEnd(2, '0'));
}

export function formatBp(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = bp % 100;
  return frac === 0 ? `${whole}%` : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}%`;
}

/** `high 21%, low 9%, zero 0%, exempt (no VAT)` */
export function describeRates(rates: readonly VatRate[]): string {
  return rates.map((r) => (r.bp === null ? `${r.code} (no VAT)` : `${r.code} ${formatBp(r.bp)}`)).join(', ');
}

export function rateByCode(rates: readonly VatRate[], code: string): VatRate | undefined {
  const c = code.trim().toLowerCase();
  // A loop, not find(): this runs for most rows of an import.
  for (const r of rates) if (r.code.toLowerCase() === c) return r;
  return undefined;
}

/**
 * The `issues` and `warnings` of a RowResult that has none: most rows. Shared
 * and frozen, so a row costs no empty arrays; nothing appends to a result's lists.
 */
const NONE: RowIssue[] = Object.freeze([]) as unknown as RowIssue[];

/**
 * Builds one product, collecting every problem rather than stopping at the first.
 *
 * This runs once per row of a catalogue (a million in a large import), so it
 * is written to allocate little: no issue lists until there is an issue, the
 * number parsers' allocation-free forms, a barcode's cell only when a message
 * needs it.
 */
export function buildRow(raw: RawRecord, env: RowEnv): RowResult {
  const line = raw.line;
  let issues: RowIssue[] | null = raw.issues.length > 0 ? raw.issues.slice() : null;
  let warnings: RowIssue[] | null = raw.warnings.length > 0 ? raw.warnings.slice() : null;
  const decimal = env.decimal ?? undefined;

  const amount = (cell: Cell | null, what: string): number | null => {
    const t = trimmed(cell);
    if (t === null) return null;
    const cents = amountOrReason(t, decimal);
    if (typeof cents === 'string') {
      (issues ??= []).push(rowIssue(line, cell, `is not an amount: ${cents} (expected e.g. 12.50 or 12,50)`));
      return null;
    }
    if (cents < 0) {
      (issues ??= []).push(rowIssue(line, cell, `is negative: a ${what} cannot be below 0`));
      return null;
    }
    return cents;
  };

  const quantity = (cell: Cell | null): number | null => {
    const t = trimmed(cell);
    if (t === null) return null;
    const milli = quantityOrReason(t, decimal);
    if (typeof milli === 'string') {
      (issues ??= []).push(rowIssue(line, cell, `is not a quantity: ${milli} (expected e.g. 3, 0.350 or 0,350)`));
      return null;
    }
    if (unit === 'piece' && milli % 1000 !== 0) {
      // "1.500" pieces is almost always 1,500 written with a thousands separator.
      (issues ??= []).push(rowIssue(line, cell, `is a fraction of a piece: for ${t.replace(/[.,]/g, '')} pieces write it without a separator; fractions are for unit kg`));
      return null;
    }
    return milli;
  };

  // Barcodes
  const barcodes: string[] = [];
  let barcodeIssue = false;
  for (const cell of raw.barcodes) {
    const text = cell.text;
    // Most cells hold one code: no split for them.
    const parts = text.includes('|') ? text.split('|') : [text];
    for (const part of parts) {
      let code = part.trim();
      // Spreadsheet users type a leading apostrophe to keep a code as text.
      if (code.startsWith("'")) code = code.slice(1).trim();
      if (code === '') continue;
      if (looksLikeSpreadsheetNumber(code)) {
        (issues ??= []).push(
          rowIssue(
            line,
            partCell(cell, part),
            `"${code}" looks like a number mangled by a spreadsheet (scientific notation); the real barcode is lost — re-export the column as text`,
          ),
        );
        barcodeIssue = true;
        continue;
      }
      const kind = gtinKind(code);
      if (kind !== null && !checkDigitOk(code)) {
        const expected = gtinCheckDigit(code.slice(0, -1));
        (warnings ??= []).push(
          rowIssue(
            line,
            partCell(cell, part),
            `has a wrong check digit for ${kind.startsWith('E') ? 'an' : 'a'} ${kind}: expected ${expected}, found ${code.slice(-1)} (imported as is; the label may not scan)`,
          ),
        );
      }
      const normal = normalizeBarcode(code);
      if (!barcodes.includes(normal)) barcodes.push(normal);
    }
  }

  // VAT
  let vatCode: string | null = null;
  let vatBp: number | null = null;
  let vatIssue = false;
  const vatText = trimmed(raw.vat);
  if (raw.vatStyle === 'prestashopTaxRule') {
    const rule = vatText ?? '1';
    const zero = env.vatRates.find((r) => r.bp === 0);
    const rate = rule === '1' ? rateByCode(env.vatRates, env.defaultVatCode) : rule === '0' ? zero : undefined;
    if (rate) {
      vatCode = rate.code;
      vatBp = rate.bp;
    } else {
      vatIssue = true;
      (issues ??= []).push(
        rowIssue(
          line,
          raw.vat,
          `is a tax rule Kassa cannot map: only 1 (taken as this store's default rate, ${env.defaultVatCode}) and 0 (no VAT) are known; ` +
            `set it to 1 or 0 in the file, or add a column with the VAT (one of ${describeRates(env.vatRates)}) and pass --map vat=COLUMN`,
        ),
      );
    }
  } else if (vatText !== null) {
    const byCode = rateByCode(env.vatRates, vatText);
    const bp = byCode ? null : percentToBp(vatText);
    const rate = byCode ?? (bp === null ? undefined : env.vatRates.find((r) => r.bp === bp));
    if (rate) {
      vatCode = rate.code;
      vatBp = rate.bp;
    } else {
      vatIssue = true;
      (issues ??= []).push(
        rowIssue(
          line,
          raw.vat,
          `is not a VAT rate of this store: use one of ${describeRates(env.vatRates)} (a code or its percentage)`,
        ),
      );
    }
  }

  // Price
  let priceCents = amount(raw.price, 'price');
  if (raw.priceExcludesVat && vatCode === null && !vatIssue) {
    // Tax-excluded prices need a rate: without one, the store's default.
    const rate = rateByCode(env.vatRates, env.defaultVatCode);
    vatCode = rate?.code ?? null;
    vatBp = rate?.bp ?? null;
    if (!rate) {
      (issues ??= []).push(
        rowIssue(line, raw.price, `excludes VAT, and the default VAT code "${env.defaultVatCode}" is not one of the store's rates (${describeRates(env.vatRates)})`),
      );
    }
  }
  if (priceCents !== null && raw.priceExcludesVat) {
    if (vatCode === null) {
      priceCents = null; // rejected: the VAT issue says why
    } else {
      try {
        priceCents = mulDivRoundHalfUp(priceCents, 10000 + (vatBp ?? 0), 10000);
      } catch {
        (issues ??= []).push(rowIssue(line, raw.price, 'is too large'));
        priceCents = null;
      }
    }
  }

  // Unit
  let unit: Unit | null = null;
  const unitText = trimmed(raw.unit);
  if (unitText !== null) {
    const table = raw.unitStyle === 'soldByWeight' ? SOLD_BY_WEIGHT : UNITS_BY_WORD;
    const key = unitText.toLowerCase();
    const u = Object.hasOwn(table, key) ? table[key] : undefined; // not 'constructor' and friends
    if (u) unit = u;
    else (issues ??= []).push(rowIssue(line, raw.unit, raw.unitStyle === 'soldByWeight' ? 'is not Y or N' : 'is not a unit: use piece or kg'));
  }

  const name = trimmed(raw.name);
  if (name === null) (issues ??= []).push(rowIssue(line, raw.name, 'has no name: every product needs one'));
  const sku = trimmed(raw.sku);
  if (sku === null && barcodes.length === 0 && !barcodeIssue) {
    (issues ??= []).push(rowIssue(line, raw.sku, 'has neither sku nor barcode: Kassa needs one of them to find the product'));
  }

  const product: ImportedProduct = {
    line,
    sku,
    barcodes,
    name: name ?? '',
    category: trimmed(raw.category),
    unit,
    priceCents,
    vatCode,
    costCents: amount(raw.cost, 'cost'),
    stockMilli: quantity(raw.stock),
    reorderPointMilli: quantity(raw.reorderPoint),
    reorderQtyMilli: quantity(raw.reorderQty),
    supplier: trimmed(raw.supplier),
  };
  return { product: issues !== null ? null : product, issues: issues ?? NONE, warnings: warnings ?? NONE };
}
