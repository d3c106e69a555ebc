import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let crypto: typeof import('node:crypto') | undefined;

/**
 * The store's one hash (migration files, the journal's chain, a Z's totals): the
 * SHA-256 of the strings (UTF-8, in order), in hex. Node's crypto module is loaded
 * at the first call, not at start-up: loading it costs ~3 ms, and commands that
 * reach this module without hashing (`kassa report x` among them) never pay it.
 */
export function sha256Hex(...parts: string[]): string {
  crypto ??= require('node:crypto') as typeof import('node:crypto');
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p, 'utf8');
  return h.digest('hex');
}
