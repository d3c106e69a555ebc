import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { SalesReport } from '../../src/core/report.js';
import { dayReportCsv, euros, salesReportCsv } from '../../src/render/report-csv.js';
import { emptyZ, salesByDay, salesByProduct, xReport, zReport } from './report-fixture.js';

type Row = Record<string, string>;

/** What a spreadsheet reads: RFC 4180 with a header row. */
function read(csv: string): Row[] {
  return parse(csv, { columns: true, record_delimiter: '\r\n', relax_column_count: false, bom: false }) as Row[];
}

/** `1234.50` → 123450, exactly: the way a person checks a sum in cents. */
function cents(text: string): number {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(text);
  expect(m, `"${text}" is an amount with a dot and two decimals`).not.toBeNull();
  const [, sign, int, frac] = m!;
  return (sign === '-' ? -1 : 1) * (Number(int) * 100 + Number(frac));
}

describe('euros', () => {
  const table: [number, string][] = [
    [0, '0.00'],
    [5, '0.05'],
    [-40, '-0.40'],
    [-1, '-0.01'],
    [100, '1.00'],
    [625235, '6252.35'],
    [128411250, '1284112.50'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ];
  for (const [c, text] of table) it(`${c} → ${text}`, () => expect(euros(c)).toBe(text));
  it('refuses a fraction of a cent', () => expect(() => euros(1.5)).toThrow(RangeError));
});

describe('the X/Z report as CSV', () => {
  it('is one table with a header, CRLF after every record and no blank lines', () => {
    const csv = dayReportCsv(zReport());
    expect(csv.split('\r\n')[0]).toBe('section,key,text,count,quantity,amount,excl_vat,vat');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(csv).not.toContain('\r\n\r\n');
  });

  it('reads back to the report, to the cent', () => {
    const r = zReport();
    const rows = read(dayReportCsv(r));
    const get = (section: string, key: string): Row => {
      const found = rows.filter((x) => x.section === section && x.key === key);
      expect(found, `${section},${key}`).toHaveLength(1);
      return found[0]!;
    };
    expect(get('report', 'kind').text).toBe('Z');
    expect(get('report', 'z_no').count).toBe('42');
    expect(get('report', 'business_day').text).toBe('2026-11-27');
    expect(get('report', 'from').text).toBe('2026-11-27T05:58:00Z');
    expect(Number(get('turnover', 'receipts').count)).toBe(315);
    expect(cents(get('turnover', 'gross').amount!)).toBe(r.grossCents);
    expect(cents(get('turnover', 'net').amount!)).toBe(r.netCents);
    expect(cents(get('turnover', 'refunds').amount!)).toBe(4810);
    expect(cents(get('payment', 'rounding').amount!)).toBe(-40);
    expect(cents(get('cash', 'difference').amount!)).toBe(-105);
    expect(cents(get('grand_total', 'sales').amount!)).toBe(128411250);

    // The sums a person checks in the spreadsheet.
    const vat = rows.filter((x) => x.section === 'vat');
    expect(vat.map((x) => x.key)).toEqual(['9', '21']);
    for (const v of vat) expect(cents(v.excl_vat!) + cents(v.vat!)).toBe(cents(v.amount!));
    expect(vat.reduce((s, v) => s + cents(v.amount!), 0)).toBe(r.netCents);
    const paid = rows.filter((x) => x.section === 'payment' && x.key !== 'rounding').reduce((s, x) => s + cents(x.amount!), 0);
    expect(paid - cents(get('payment', 'rounding').amount!)).toBe(r.netCents);
    const drawer = cents(get('cash', 'float').amount!) + cents(get('cash', 'cash_taken').amount!) + cents(get('cash', 'cash_in').amount!) - cents(get('cash', 'cash_out').amount!);
    expect(drawer).toBe(cents(get('cash', 'expected').amount!));
    const hours = rows.filter((x) => x.section === 'hour');
    expect(hours.reduce((s, x) => s + cents(x.amount!), 0)).toBe(r.netCents);
    expect(hours.reduce((s, x) => s + Number(x.count), 0)).toBe(r.receipts);
  });

  it('keeps names with commas and quotes whole, and quantities with a dot', () => {
    const r = zReport();
    r.topProducts.push({ productId: 9, code: '8712345000066', name: 'Taart "Oma\'s" groot, 24 cm', qtyMilli: 1500, grossCents: 4275 });
    const csv = dayReportCsv(r);
    expect(csv).toContain('"Speculaasbrokken met amandelen, zak 400 gram"');
    const products = read(csv).filter((x) => x.section === 'product');
    expect(products.map((p) => p.text)).toContain('Taart "Oma\'s" groot, 24 cm');
    expect(products.find((p) => p.key === '2100400000000')).toMatchObject({ text: 'Oude kaas', quantity: '18.45', amount: '239.67' });
    expect(products.find((p) => p.key === '8712345000066')).toMatchObject({ quantity: '1.5', amount: '42.75' });
  });

  it('leaves counted and difference empty when the drawer was not counted, and has no Z number on an X', () => {
    const rows = read(dayReportCsv(xReport()));
    expect(rows.find((x) => x.key === 'kind')!.text).toBe('X');
    expect(rows.some((x) => x.key === 'z_no')).toBe(false);
    expect(rows.find((x) => x.section === 'cash' && x.key === 'counted')!.amount).toBe('');
    expect(rows.find((x) => x.section === 'cash' && x.key === 'difference')!.amount).toBe('');
  });

  it('has a day with nothing sold as zeros, without hours or products', () => {
    const rows = read(dayReportCsv(emptyZ()));
    expect(rows.find((x) => x.key === 'from')!.text).toBe('');
    expect(rows.find((x) => x.section === 'turnover' && x.key === 'net')!.amount).toBe('0.00');
    expect(rows.some((x) => x.section === 'hour' || x.section === 'product' || x.section === 'vat')).toBe(false);
  });
});

describe('the sales report as CSV', () => {
  it('has the header, a row per line of the report and the totals last', () => {
    const r = salesByDay();
    const csv = salesReportCsv(r);
    expect(csv.split('\r\n')[0]).toBe('key,label,receipts,qty,gross,net,cost,margin,average_basket');
    const rows = read(csv);
    expect(rows.map((x) => x.key)).toEqual([...r.rows.map((x) => x.key), 'total']);
    expect(rows.slice(0, -1).reduce((s, x) => s + cents(x.gross!), 0)).toBe(cents(rows.at(-1)!.gross!));
    expect(rows[2]).toEqual({ key: '2026-11-25', label: '2026-11-25', receipts: '388', qty: '', gross: '7718.15', net: '6936.20', cost: '4309.90', margin: '2626.30', average_basket: '19.89' });
    for (const x of rows) expect(cents(x.net!) - cents(x.cost!)).toBe(cents(x.margin!));
  });

  it('leaves out what is unknown: the cost of a product without a cost price, the average of a product', () => {
    const rows = read(salesReportCsv(salesByProduct()));
    const cheese = rows.find((x) => x.key === '5')!;
    expect(cheese).toMatchObject({ label: 'Oude kaas (2100400000000)', qty: '88.23', cost: '', margin: '', average_basket: '' });
    expect(rows.at(-1)).toMatchObject({ key: 'total', cost: '', margin: '' });
  });

  it('has no net by payment method, where the service keeps none', () => {
    const r: SalesReport = {
      ...salesByDay(),
      by: 'payment',
      rows: [{ key: 'cash', label: 'cash', receipts: 141, qtyMilli: null, grossCents: 230105, netCents: 0, costCents: null, marginCents: null, averageBasketCents: null }],
      totals: { key: 'total', label: 'total', receipts: 141, qtyMilli: null, grossCents: 230105, netCents: 0, costCents: null, marginCents: null, averageBasketCents: null },
    };
    expect(read(salesReportCsv(r))[0]).toMatchObject({ key: 'cash', gross: '2301.05', net: '' });
  });
});
