import { existsSync } from 'node:fs';
import { openDatabase, schemaVersion } from '../db/database.js';
import { countProducts } from '../db/products.js';
import { writeSetting } from '../db/settings.js';
import { parseSetting } from '../core/settings.js';
import { loadSettings } from './config.js';
import { systemClock } from './context.js';

export interface InitResult {
  path: string;
  created: boolean;
  migratedFrom: number;
  schemaVersion: number;
  storeName: string;
  products: number;
}

/**
 * Create a store, or open an existing one: opening applies the migrations it
 * lacks, each in its own transaction, so nothing already there is lost.
 */
export function initStore(path: string, storeName: string | undefined): InitResult {
  const existed = existsSync(path);
  let before = 0;
  if (existed) {
    // Read the version without migrating, to report what init did.
    const probe = openDatabase(path, { readonly: true, skipMigrate: true });
    before = schemaVersion(probe);
    probe.close();
  }
  const db = openDatabase(path, { create: true });
  try {
    const ctx = { db, clock: systemClock };
    if (storeName !== undefined) writeSetting(db, 'store.name', parseSetting('store.name', storeName));
    return {
      path,
      created: !existed,
      migratedFrom: before,
      schemaVersion: schemaVersion(db),
      storeName: loadSettings(ctx)['store.name'],
      products: countProducts(db),
    };
  } finally {
    db.close();
  }
}
