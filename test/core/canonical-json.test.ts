import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical-json.js';

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ z: { y: [3, { b: true, a: null }] }, a: 'x' }, '{"a":"x","z":{"y":[3,{"a":null,"b":true}]}}'],
    [{ name: 'Crème "brûlée"\n' }, '{"name":"Crème \\"brûlée\\"\\n"}'],
    [{ B: 1, a: 1, _: 1 }, '{"B":1,"_":1,"a":1}'], // code point order
    [{ skip: undefined, keep: 0 }, '{"keep":0}'],
    [[], '[]'],
    [-310, '-310'],
  ])('%j → %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it.each([1.5, Number.NaN, 2 ** 60])('refuses the non-integer or unsafe number %s', (n) => {
    expect(() => canonicalJson({ amount: n })).toThrow(/integers only/);
  });
});
