import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KassaError } from '../../src/core/errors.js';
import { gtinCheckDigit } from '../../src/core/gtin.js';
import { embeddedLayouts, getConfig, listConfig, setConfig } from '../../src/services/config.js';
import { importProducts } from '../../src/services/import/import-products.js';
import { journalLog } from '../../src/services/journal.js';
import { resolveScan } from '../../src/services/products.js';
import { snapshot, tempStore } from '../helpers/store.js';

const withCheck = (body12: string): string => body12 + String(gtinCheckDigit(body12));
const SALAD = withCheck('281234500000'); // price-embedded labels 28 12345 xxxxx c
const MINCE = withCheck('290042000000'); // weight-embedded labels 29 00420 xxxxx c
const DIRECT = withCheck('281111100250'); // a product whose own barcode happens to start with 28

let store: ReturnType<typeof tempStore>;
beforeEach(async () => {
  store = tempStore();
  const csv = join(store.dir, 'catalogue.csv');
  writeFileSync(
    csv,
    [
      'sku,barcode,name,unit,price,vat',
      `SALADE-1,${SALAD},Salade van het huis,piece,3.99,low`,
      `GEHAKT-1,${MINCE},Rundergehakt,kg,9.98,low`,
      `DIRECT-1,${DIRECT},Vaste prijs,piece,2.50,low`,
      'KAAS-2,8710243906381,Geitenkaas,piece,4.49,low',
    ].join('\n') + '\n',
  );
  await importProducts(store.ctx, csv);
});
afterEach(() => store.cleanup());

function refusal(fn: () => unknown): KassaError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KassaError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const setLayouts = (): void => {
  setConfig(store.ctx, 'barcode.28', 'item=5 price=5 decimals=2');
  setConfig(store.ctx, 'barcode.29', 'item=5 weight=5 decimals=3');
};

describe('scanning price- and weight-embedded barcodes', () => {
  it('a price-embedded code sells its product at the price on the label', () => {
    setLayouts();
    const code = withCheck('281234501234');
    const r = resolveScan(store.ctx, code);
    expect(r).toMatchObject({ code, priceCents: 1234, qtyMilli: null });
    expect(r!.product).toMatchObject({ sku: 'SALADE-1', priceCents: 399 });
  });

  it('a weight-embedded code sells its product by the weight on the label', () => {
    setLayouts();
    const code = withCheck('290042000350');
    const r = resolveScan(store.ctx, code);
    expect(r).toMatchObject({ code, qtyMilli: 350, priceCents: null });
    expect(r!.product).toMatchObject({ sku: 'GEHAKT-1', unit: 'kg', priceCents: 998 });
  });

  it('reads the code as the scanner sends it: spaces around it, or as a GTIN-14', () => {
    setLayouts();
    const code = withCheck('290042001250');
    expect(resolveScan(store.ctx, ` ${code}\n`)).toMatchObject({ code, qtyMilli: 1250 });
    expect(resolveScan(store.ctx, `0${code}`)).toMatchObject({ code: `0${code}`, qtyMilli: 1250 });
  });

  it('a product with the code as its own SKU or barcode comes first', () => {
    setLayouts();
    expect(resolveScan(store.ctx, DIRECT)).toMatchObject({ code: DIRECT, priceCents: null, qtyMilli: null, product: { sku: 'DIRECT-1' } });
    expect(resolveScan(store.ctx, '8710243906381')).toMatchObject({ priceCents: null, qtyMilli: null, product: { sku: 'KAAS-2' } });
    expect(resolveScan(store.ctx, 'KAAS-2')).toMatchObject({ code: 'KAAS-2', product: { sku: 'KAAS-2' } });
    expect(resolveScan(store.ctx, SALAD)).toMatchObject({ priceCents: null, product: { sku: 'SALADE-1' } });
  });

  it.each([
    ['a wrong check digit', withCheck('281234501234').slice(0, 12) + String((gtinCheckDigit('281234501234') + 1) % 10)],
    ['no layout for prefix 27', withCheck('271234501234')],
    ['no product with the item digits', withCheck('289999901234')],
    ['an unknown ordinary code', '8712439011619'],
    ['an unknown SKU', 'NOPE'],
  ])('%s → null', (_why, code) => {
    setLayouts();
    expect(resolveScan(store.ctx, code)).toBeNull();
  });

  it('without a layout the code is not decoded; none removes a layout', () => {
    const code = withCheck('281234501234');
    expect(resolveScan(store.ctx, code)).toBeNull();
    setLayouts();
    expect(resolveScan(store.ctx, code)).not.toBeNull();
    expect(setConfig(store.ctx, 'barcode.28', 'none')).toMatchObject({ value: 'none', isDefault: true });
    expect(resolveScan(store.ctx, code)).toBeNull();
    expect(resolveScan(store.ctx, withCheck('290042000350'))).not.toBeNull();
  });
});

describe('layouts as settings', () => {
  it('are stored, listed, read back and journaled', () => {
    setLayouts();
    expect(embeddedLayouts(store.ctx)).toEqual([
      { prefix: '28', itemDigits: 5, valueDigits: 5, kind: 'price', decimals: 2 },
      { prefix: '29', itemDigits: 5, valueDigits: 5, kind: 'weight', decimals: 3 },
    ]);
    expect(getConfig(store.ctx, 'barcode.28')).toMatchObject({ value: 'item=5 price=5 decimals=2', isDefault: false });
    expect(getConfig(store.ctx, 'barcode.27')).toMatchObject({ value: 'none', isDefault: true });
    expect(listConfig(store.ctx).filter((e) => e.key.startsWith('barcode.')).map((e) => [e.key, e.value])).toEqual([
      ['barcode.28', 'item=5 price=5 decimals=2'],
      ['barcode.29', 'item=5 weight=5 decimals=3'],
    ]);
    setConfig(store.ctx, 'barcode.28', 'item=5 price=5 decimals=2'); // unchanged: no entry
    setConfig(store.ctx, 'barcode.27', 'none'); // none to none: no entry
    setConfig(store.ctx, 'barcode.29', 'none');
    const changes = [...journalLog(store.ctx)].filter((e) => e.type === 'setting.changed').map((e) => e.payload);
    expect(changes).toEqual([
      { key: 'barcode.28', from: 'none', to: 'item=5 price=5 decimals=2' },
      { key: 'barcode.29', from: 'none', to: 'item=5 weight=5 decimals=3' },
      { key: 'barcode.29', from: 'item=5 weight=5 decimals=3', to: 'none' },
    ]);
  });

  it.each([
    ['barcode.28', 'item=5 price=4', /does not fit an EAN-13/],
    ['barcode.28', 'item=5 price=5 decimals=3', /a price has 0 to 2 decimals/],
    ['barcode.28', 'item=5 price=5 weight=5', /both a price and a weight/],
    ['barcode.28', 'sku=5 price=5', /"sku=5", which is not/],
    ['barcode.28', '', /is empty/],
  ])('%s "%s" is refused and nothing changes', (key, value, why) => {
    setLayouts();
    const before = snapshot(store.db, ['settings', 'journal']);
    const e = refusal(() => setConfig(store.ctx, key, value));
    expect(e.code).toBe('INVALID_SETTING');
    expect(e.message).toMatch(why);
    expect(e.hint).toContain('item=N price=N|weight=N');
    expect(snapshot(store.db, ['settings', 'journal'])).toBe(before);
  });

  it.each(['barcode.30', 'barcode.2', 'barcode.19'])('%s is not a setting', (key) => {
    const e = refusal(() => setConfig(store.ctx, key, 'item=5 price=5'));
    expect(e.code).toBe('UNKNOWN_SETTING');
    expect(e.hint).toContain('barcode.20 … barcode.29');
  });

  it('a hand-edited layout is refused with how to set it again, not decoded wrongly', () => {
    store.db.prepare("INSERT INTO settings (key, value) VALUES ('barcode.28', '{\"itemDigits\":5,\"valueDigits\":4}')").run();
    const e = refusal(() => resolveScan(store.ctx, withCheck('281234501234')));
    expect(e.code).toBe('INVALID_SETTING');
    expect(e.hint).toContain('kassa config set barcode.28');
    expect(getConfig(store.ctx, 'barcode.28').description).toContain('not a valid layout');
    setConfig(store.ctx, 'barcode.28', 'item=5 price=5');
    expect(resolveScan(store.ctx, withCheck('281234501234'))).toMatchObject({ priceCents: 1234 });
  });
});
