/**
 * Every word of the X/Z and sales reports, per language, in one place for the
 * terminal, paper and PDF renderers (issue 6; the CSV has fixed English keys).
 * Amounts and dates follow the locale, not these tables. The words stay in
 * plain letters so that any printer code page prints them.
 */
import type { ReportPayment, SalesGrouping } from '../core/report.js';

export type ReportLang = 'nl' | 'en';

export interface ReportWords {
  /** Paper and terminal titles in capitals, as on the mockup: `Z-RAPPORT 42`. */
  xTitle: string;
  zTitle: string;
  /** PDF titles: `Z-rapport 42`. */
  xTitlePdf: string;
  zTitlePdf: string;
  /** Under an X: nothing was closed by printing it. */
  xNote: string;
  register: string;
  allRegisters: string;
  /** `Dag 27-11-2026`; `Dagen 26-11-2026 t/m 27-11-2026` when an earlier unclosed day came along. */
  day: string;
  days: string;
  through: string;
  nothingSold: string;

  turnover: string;
  receipts: string;
  refundReceipts: string;
  beforeDiscounts: string;
  discounts: string;
  gross: string;
  refunds: string;
  net: string;

  vat: string;
  rate: string;
  excl: string;
  incl: string;
  /** Paper: `BTW 9%  grondslag 3.977,81  btw 358,00`. */
  base: string;
  vatShort: string;
  exempt: string;
  total: string;

  payments: string;
  method: Readonly<Record<ReportPayment['method'], string>>;
  rounding: string;

  cash: string;
  cashFloat: string;
  cashTaken: string;
  cashIn: string;
  cashOut: string;
  cashHandover: string;
  cashExpected: string;
  cashCounted: string;
  cashDifference: string;
  notCounted: string;

  checks: string;
  noSale: string;
  voidedLines: string;
  cancelledSales: string;
  unfinishedPaid: string;
  averageBasket: string;

  byHour: string;
  topProducts: string;
  product: string;
  qty: string;
  byCashier: string;
  cashier: string;

  grandTotals: string;
  grandTotalSales: string;
  grandTotalRefunds: string;

  /** PDF only. */
  vatNumber: string;
  printedAt: string;
  page: string;
  of: string;
  amountsNote: string;
  salesChart: string;

  salesTitle: string;
  period: string;
  by: Readonly<Record<SalesGrouping, string>>;
  /** The first column's head per grouping. */
  keyHead: Readonly<Record<SalesGrouping, string>>;
  salesReceipts: string;
  /** `--by payment` counts payments, not receipts. */
  salesPayments: string;
  salesGross: string;
  salesNet: string;
  cost: string;
  margin: string;
  averageShort: string;
  other: string;
  noSales: string;
  openDays: string;
}

export const REPORT_WORDS: Readonly<Record<ReportLang, Readonly<ReportWords>>> = Object.freeze({
  nl: Object.freeze({
    xTitle: 'X-RAPPORT',
    zTitle: 'Z-RAPPORT',
    xTitlePdf: 'X-rapport',
    zTitlePdf: 'Z-rapport',
    xNote: 'Tussenstand: er is niets afgesloten',
    register: 'Kassa',
    allRegisters: "alle kassa's",
    day: 'Dag',
    days: 'Dagen',
    through: 't/m',
    nothingSold: 'Er is niets verkocht',

    turnover: 'Omzet',
    receipts: 'Bonnen',
    refundReceipts: 'Retourbonnen',
    beforeDiscounts: 'Verkopen voor korting',
    discounts: 'Kortingen',
    gross: 'Omzet bruto',
    refunds: 'Retouren',
    net: 'Omzet netto',

    vat: 'BTW',
    rate: 'Tarief',
    excl: 'Excl.',
    incl: 'Incl.',
    base: 'grondslag',
    vatShort: 'btw',
    exempt: 'vrij',
    total: 'Totaal',

    payments: 'Betalingen',
    method: Object.freeze({ cash: 'Contant', card: 'Pin/kaart', qr: 'QR', giftcard: 'Cadeaubon', store_credit: 'Tegoed' }),
    rounding: 'Afronding',

    cash: 'Kas',
    cashFloat: 'Wisselgeld begin',
    cashTaken: 'Contant ontvangen',
    cashIn: 'Kas in',
    cashOut: 'Kas uit',
    cashHandover: 'Dienstwissels',
    cashExpected: 'Kas verwacht',
    cashCounted: 'Kas geteld',
    cashDifference: 'Verschil',
    notCounted: 'niet geteld',

    checks: 'Controle',
    noSale: 'Lade open zonder verkoop',
    voidedLines: 'Vervallen regels',
    cancelledSales: 'Geannuleerde verkopen',
    unfinishedPaid: 'Al betaald, verkoop niet af',
    averageBasket: 'Gemiddelde bon',

    byHour: 'Per uur',
    topProducts: 'Best verkocht',
    product: 'Product',
    qty: 'Aantal',
    byCashier: 'Per kassier',
    cashier: 'Kassier',

    grandTotals: 'Eindtotalen',
    grandTotalSales: 'Eindtotaal verkopen (cumulatief)',
    grandTotalRefunds: 'Eindtotaal retouren (cumulatief)',

    vatNumber: 'BTW-nummer',
    printedAt: 'Afgedrukt',
    page: 'Pagina',
    of: 'van',
    amountsNote: 'Bedragen in euro, inclusief BTW tenzij anders vermeld.',
    salesChart: 'Omzet',

    salesTitle: 'Verkoopoverzicht',
    period: 'Periode',
    by: Object.freeze({
      day: 'per dag',
      week: 'per week',
      month: 'per maand',
      hour: 'per uur',
      product: 'per product',
      category: 'per categorie',
      cashier: 'per kassier',
      payment: 'per betaalwijze',
    }),
    keyHead: Object.freeze({
      day: 'Dag',
      week: 'Week',
      month: 'Maand',
      hour: 'Uur',
      product: 'Product',
      category: 'Categorie',
      cashier: 'Kassier',
      payment: 'Betaalwijze',
    }),
    salesReceipts: 'Bonnen',
    salesPayments: 'Betalingen',
    salesGross: 'Omzet',
    salesNet: 'Excl. BTW',
    cost: 'Inkoop',
    margin: 'Marge',
    averageShort: 'Gem. bon',
    other: 'Overig',
    noSales: 'Geen verkopen in deze periode',
    openDays: 'Nog niet afgesloten met een Z (berekend uit de verkopen):',
  }),
  en: Object.freeze({
    xTitle: 'X REPORT',
    zTitle: 'Z REPORT',
    xTitlePdf: 'X report',
    zTitlePdf: 'Z report',
    xNote: 'Running totals: nothing was closed',
    register: 'Till',
    allRegisters: 'all tills',
    day: 'Day',
    days: 'Days',
    through: 'to',
    nothingSold: 'Nothing was sold',

    turnover: 'Turnover',
    receipts: 'Receipts',
    refundReceipts: 'Refund receipts',
    beforeDiscounts: 'Sales before discounts',
    discounts: 'Discounts',
    gross: 'Gross sales',
    refunds: 'Refunds',
    net: 'Net sales',

    vat: 'VAT',
    rate: 'Rate',
    excl: 'Excl.',
    incl: 'Incl.',
    base: 'base',
    vatShort: 'VAT',
    exempt: 'exempt',
    total: 'Total',

    payments: 'Payments',
    method: Object.freeze({ cash: 'Cash', card: 'Card', qr: 'QR', giftcard: 'Gift card', store_credit: 'Store credit' }),
    rounding: 'Rounding',

    cash: 'Cash drawer',
    cashFloat: 'Opening float',
    cashTaken: 'Cash taken',
    cashIn: 'Cash in',
    cashOut: 'Cash out',
    cashHandover: 'Shift handovers',
    cashExpected: 'Expected in drawer',
    cashCounted: 'Counted',
    cashDifference: 'Difference',
    notCounted: 'not counted',

    checks: 'Checks',
    noSale: 'Drawer opened, no sale',
    voidedLines: 'Voided lines',
    cancelledSales: 'Cancelled sales',
    unfinishedPaid: 'Paid, sale not completed',
    averageBasket: 'Average basket',

    byHour: 'By hour',
    topProducts: 'Top products',
    product: 'Product',
    qty: 'Qty',
    byCashier: 'By cashier',
    cashier: 'Cashier',

    grandTotals: 'Grand totals',
    grandTotalSales: 'Grand total sales (perpetual)',
    grandTotalRefunds: 'Grand total refunds (perpetual)',

    vatNumber: 'VAT number',
    printedAt: 'Printed',
    page: 'Page',
    of: 'of',
    amountsNote: 'Amounts in euros, including VAT unless stated otherwise.',
    salesChart: 'Sales',

    salesTitle: 'Sales report',
    period: 'Period',
    by: Object.freeze({
      day: 'by day',
      week: 'by week',
      month: 'by month',
      hour: 'by hour',
      product: 'by product',
      category: 'by category',
      cashier: 'by cashier',
      payment: 'by payment method',
    }),
    keyHead: Object.freeze({
      day: 'Day',
      week: 'Week',
      month: 'Month',
      hour: 'Hour',
      product: 'Product',
      category: 'Category',
      cashier: 'Cashier',
      payment: 'Method',
    }),
    salesReceipts: 'Receipts',
    salesPayments: 'Payments',
    salesGross: 'Sales',
    salesNet: 'Excl. VAT',
    cost: 'Cost',
    margin: 'Margin',
    averageShort: 'Avg basket',
    other: 'Other',
    noSales: 'No sales in this period',
    openDays: 'Not yet closed by a Z (computed from the sales):',
  }),
});
