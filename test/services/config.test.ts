import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getConfig, listConfig, loadSettings, setConfig, vatRates } from '../../src/services/config.js';
import { KassaError } from '../../src/core/errors.js';
import { tempStore } from '../helpers/store.js';

let store: ReturnType<typeof tempStore>;
beforeEach(() => {
  store = tempStore();
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

describe('settings', () => {
  it('has Dutch defaults', () => {
    const s = loadSettings(store.ctx);
    expect(s.locale).toBe('nl-NL');
    expect(s.cashRounding).toBe(5);
    expect(s.businessDayStartHour).toBe(4);
    expect(s.currency).toBe('EUR');
  });

  it.each([
    ['store.name', 'Bakkerij Jansen', 'Bakkerij Jansen'],
    ['store.address', 'Dorpsstraat 1\\n1234 AB Ergens', 'Dorpsstraat 1\n1234 AB Ergens'],
    ['store.vatNumber', 'nl 0012.34567.B01', 'NL001234567B01'],
    ['store.iban', 'nl91 abna 0417 1643 00', 'NL91ABNA0417164300'],
    ['locale', 'en-GB', 'en-GB'],
    ['cashRounding', '10', 10],
    ['businessDayStartHour', '0', 0],
    ['receipt.footer', 'Tot ziens', 'Tot ziens'],
    ['register.id', '2', '2'],
  ])('set %s %s', (key, value, stored) => {
    expect(setConfig(store.ctx, key, value).value).toEqual(stored);
    expect(getConfig(store.ctx, key).value).toEqual(stored);
    expect(getConfig(store.ctx, key).isDefault).toBe(false);
  });

  it.each([
    ['locale', 'de-DE', 'nl-NL, en-GB'],
    ['cashRounding', '3', '1, 2, 5, 10, 20, 50, 100'],
    ['cashRounding', 'five', '1, 2, 5, 10, 20, 50, 100'],
    ['businessDayStartHour', '24', '0 to 23'],
    ['store.iban', 'NL91ABNA0417164301', 'IBAN'],
    ['store.vatNumber', '12345', 'NL123456789B01'],
    ['store.name', '   ', '1 to 100'],
    ['currency', 'XYZ', 'EUR'],
  ])('refuses %s %s and lists what is valid', (key, value, valid) => {
    const e = refusal(() => setConfig(store.ctx, key, value));
    expect(e.code).toBe('INVALID_SETTING');
    expect(e.message).toContain(key);
    expect(e.hint).toContain(valid);
    expect(getConfig(store.ctx, key).isDefault).toBe(true);
  });

  it('refuses an unknown key with the list of keys', () => {
    const e = refusal(() => setConfig(store.ctx, 'store.nmae', 'x'));
    expect(e.code).toBe('UNKNOWN_SETTING');
    expect(e.hint).toContain('store.name');
    expect(e.hint).toContain('vat.high');
    expect(refusal(() => getConfig(store.ctx, 'nope')).code).toBe('UNKNOWN_SETTING');
  });
});

describe('VAT rates as data', () => {
  it('starts with the Dutch rates', () => {
    expect(vatRates(store.ctx).map((r) => [r.code, r.bp])).toEqual([
      ['high', 2100],
      ['low', 900],
      ['zero', 0],
      ['exempt', null],
    ]);
    expect(listConfig(store.ctx).find((e) => e.key === 'vat.low')?.value).toBe('9');
  });

  it('changes and adds rates through config', () => {
    setConfig(store.ctx, 'vat.low', '9,5 %');
    setConfig(store.ctx, 'vat.super-reduced', '5.5');
    const rates = Object.fromEntries(vatRates(store.ctx).map((r) => [r.code, r.bp]));
    expect(rates.low).toBe(950);
    expect(rates['super-reduced']).toBe(550);
    expect(getConfig(store.ctx, 'vat.super-reduced').value).toBe('5.5');
  });

  it.each(['abc', '101', '21.123', '-1'])('refuses the rate %s', (value) => {
    expect(refusal(() => setConfig(store.ctx, 'vat.high', value)).code).toBe('INVALID_SETTING');
    expect(vatRates(store.ctx).find((r) => r.code === 'high')?.bp).toBe(2100);
  });
});
