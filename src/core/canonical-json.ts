import { KassaError } from './errors.js';

/**
 * The canonical JSON of the journal (DESIGN.md): object keys sorted by code
 * point, no whitespace, numbers only as safe integers (amounts are cents),
 * strings as JSON.stringify writes them. The same value always gives the same
 * text, so its hash can be recomputed by anyone.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isSafeInteger(value)) {
        throw new KassaError('USAGE', `canonical JSON holds integers only, not ${value}`, 'store amounts in cents and quantities in thousandths');
      }
      return String(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
    }
    default:
      throw new KassaError('USAGE', `canonical JSON cannot hold a ${typeof value}`);
  }
}
