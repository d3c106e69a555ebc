/**
 * The normalised shape of one catalogue row, whatever system exported it.
 * `null` means "the file does not say": an update keeps the stored value,
 * a new product gets the default.
 */
export type Unit = 'piece' | 'kg';
export const UNITS: readonly Unit[] = ['piece', 'kg'];

export interface VatRate {
  code: string; // 'high'
  bp: number | null; // basis points: 2100 = 21 %; null for 'exempt'
  label: string;
}

export interface ImportedProduct {
  line: number; // physical line of the record in the file (1-based)
  sku: string | null; // null: match on barcode
  barcodes: string[]; // normalised (see core/gtin normalizeBarcode)
  name: string;
  category: string | null;
  unit: Unit | null;
  priceCents: number | null;
  vatCode: string | null; // one of the store's VAT codes
  costCents: number | null;
  stockMilli: number | null;
  reorderPointMilli: number | null;
  reorderQtyMilli: number | null;
  supplier: string | null;
}

/** Something wrong with one row: the row is rejected. */
export interface RowIssue {
  line: number;
  column: string | null; // header name as written in the file
  columnNo: number | null; // 1-based
  value: string | null;
  message: string; // 'is not an amount: letter "O" is not a digit'
}

export type CatalogueFormat =
  | 'kassa'
  | 'shopify'
  | 'woocommerce'
  | 'square'
  | 'opensourcepos'
  | 'lightspeed'
  | 'loyverse'
  | 'odoo'
  | 'prestashop'
  | 'mapped';

export const CATALOGUE_FORMATS: readonly CatalogueFormat[] = [
  'kassa',
  'shopify',
  'woocommerce',
  'square',
  'opensourcepos',
  'lightspeed',
  'loyverse',
  'odoo',
  'prestashop',
  'mapped',
];

/** Our own columns, in the order `products export` writes them. */
export const KASSA_COLUMNS = [
  'sku',
  'barcode',
  'name',
  'category',
  'unit',
  'price',
  'vat',
  'cost',
  'stock',
  'reorder_point',
  'reorder_qty',
  'supplier',
] as const;
export type KassaColumn = (typeof KASSA_COLUMNS)[number];
