/** A small sale for the printer tests: accented names, euro signs, cash and a card. */
import { formatAmount } from '../../src/core/money.js';
import type { PaperWidth } from '../../src/core/settings.js';
import type { PrintDocument } from '../../src/devices/printer/escpos.js';
import { renderReceipt, type ReceiptData, type ReceiptLine } from '../../src/render/receipt.js';

function line(name: string, grossCents: number, vatBp = 900): ReceiptLine {
  return { name, qtyMilli: 1000, unit: 'piece', unitPriceCents: grossCents, grossCents, discountCents: 0, discountLabel: null, lineTotalCents: grossCents, vatBp, priceOverridden: false };
}

export function sale(): ReceiptData {
  return {
    store: {
      name: 'Pâtisserie Éclair',
      address: 'Hoofdstraat 1, Zoë-dorp',
      vatNumber: 'NL001234567B01',
      header: `Cadeaubon vanaf ${formatAmount(1000, 'nl-NL')}`,
      footer: `Statiegeld ${formatAmount(15, 'nl-NL')} per fles`,
    },
    kind: 'sale',
    receiptNo: 'R1-000123',
    originalReceiptNo: null,
    register: '1',
    completedAt: '2026-11-27T13:32:00Z',
    timeZone: 'Europe/Amsterdam',
    cashierName: 'Anaïs',
    lines: [line('Crème brûlée', 450), line('Café crème', 325), line('Smørrebrød met garnalen', 1295, 2100)],
    totalCents: 2070,
    pricesIncludeVat: true,
    vat: [
      { vatBp: 900, grossCents: 775, netCents: 711, vatCents: 64 },
      { vatBp: 2100, grossCents: 1295, netCents: 1070, vatCents: 225 },
    ],
    payments: [{ method: 'cash', amountCents: 2070, tenderedCents: 5000, changeCents: 2930, brand: null, maskedPan: null, authCode: null }],
    roundingCents: 0,
    changeCents: 2930,
    saleDiscountCents: 0,
    terminalReceipt: [],
  };
}

export function renderedLines(width: PaperWidth): string[] {
  return renderReceipt(sale(), { lang: 'nl', width, locale: 'nl-NL' });
}

export const QR_URL = 'https://kassa.example/bon/R1-000123';

/** The receipt as the checkout would print it: rendered lines, barcode, QR, cut. */
export function receiptDocument(width: PaperWidth): PrintDocument {
  return { lines: renderedLines(width).map((text) => ({ text })), barcode: 'R1-000123', qr: QR_URL, cut: true };
}
