/**
 * Every word a customer reads on a receipt, per language, in one place so the
 * checkout screen can show the same words (MOCKUPS.md, "Receipt, 42 columns").
 * Amounts and dates follow the locale, not these tables.
 */
export type ReceiptLang = 'nl' | 'en';

export interface ReceiptWords {
  /** In front of the store's VAT identification number: `BTW NL001234567B01`. */
  vatNumber: string;
  refundTitle: string;
  /** `Retour van bon R1-000120`. */
  refundOf: string;
  /** A line's discount, in lower case under the line: `  korting 10%`. */
  discount: string;
  /** The sale discount, already spread over the line discounts above it. */
  saleDiscountIncluded: string;
  priceChanged: string;
  /** Tax-exclusive stores: the sum before VAT. */
  subtotalExcl: string;
  total: string;
  payment: { cash: string; card: string; qr: string };
  authCode: string;
  rounding: string;
  change: string;
  /** Column head and label of the VAT table. */
  vat: string;
  excl: string;
  incl: string;
  /** A rate without VAT (vatBp null): not the same as 0 %. */
  exempt: string;
  receipt: string;
  till: string;
  cashier: string;
  copy: string;
}

export const RECEIPT_WORDS: Readonly<Record<ReceiptLang, Readonly<ReceiptWords>>> = Object.freeze({
  nl: Object.freeze({
    vatNumber: 'BTW',
    refundTitle: 'RETOUR',
    refundOf: 'Retour van bon',
    discount: 'korting',
    saleDiscountIncluded: 'korting op bon',
    priceChanged: 'prijs aangepast',
    subtotalExcl: 'Subtotaal excl. BTW',
    total: 'TOTAAL',
    payment: Object.freeze({ cash: 'Contant', card: 'Pin/kaart', qr: 'QR-betaling' }),
    authCode: 'autorisatie',
    rounding: 'Afronding',
    change: 'Terug',
    vat: 'BTW',
    excl: 'Excl.',
    incl: 'Incl.',
    exempt: 'vrij',
    receipt: 'Bon',
    till: 'Kassa',
    cashier: 'Kassière',
    copy: '*** KOPIE ***',
  }),
  en: Object.freeze({
    vatNumber: 'VAT',
    refundTitle: 'REFUND',
    refundOf: 'Refund of receipt',
    discount: 'discount',
    saleDiscountIncluded: 'receipt discount',
    priceChanged: 'price changed',
    subtotalExcl: 'Subtotal excl. VAT',
    total: 'TOTAL',
    payment: Object.freeze({ cash: 'Cash', card: 'Card', qr: 'QR transfer' }),
    authCode: 'auth. code',
    rounding: 'Rounding',
    change: 'Change',
    vat: 'VAT',
    excl: 'Excl.',
    incl: 'Incl.',
    exempt: 'exempt',
    receipt: 'Receipt',
    till: 'Till',
    cashier: 'Cashier',
    copy: '*** COPY ***',
  }),
});
