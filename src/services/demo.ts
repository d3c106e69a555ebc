import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSettingsRows, writeSetting } from '../db/settings.js';
import { countProducts } from '../db/products.js';
import { loadSettings } from './config.js';
import type { Ctx } from './context.js';
import { importProducts } from './import/import-products.js';
import { addUser, listUsers } from './users.js';

/** fixtures/ of the installed package: two levels above src/services or dist/services. */
export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');

export interface DemoResult {
  path: string;
  seeded: boolean;
  storeName: string;
  products: number;
  exampleBarcode: string;
  users: { id: number; name: string; role: string; pin: string }[];
}

/** The demo's staff, with PINs that are printed and documented: it is a demo. */
export const DEMO_USERS = [
  { name: 'Anna', role: 'cashier', pin: '1234' },
  { name: 'Bert', role: 'manager', pin: '9999' },
] as const;

const DEMO_SETTINGS: Record<string, unknown> = {
  'store.name': 'Buurtwinkel De Hoek',
  'store.address': 'Dorpsstraat 12\n1234 AB Ergens',
  'store.vatNumber': 'NL001234567B01',
  'store.iban': 'NL91ABNA0417164300',
  'receipt.footer': 'Bedankt en tot ziens!',
  // The demo has no card terminal: the simulator approves (`kassa config set terminal.simulator.outcome decline`).
  'terminal.driver': 'simulator',
  // No receipt printer either: the preview printer writes what it would print to demo-printer.txt beside the store.
  'printer.address': 'preview',
};

/**
 * Open the demo store, seeding it on first use: only a store with no products
 * and no settings of its own is seeded, so a shop's store is never overwritten.
 */
export async function openDemo(ctx: Ctx, path: string): Promise<DemoResult> {
  const seeded = countProducts(ctx.db) === 0 && readSettingsRows(ctx.db).size === 0;
  if (seeded) {
    ctx.db.transaction(() => {
      for (const [k, v] of Object.entries(DEMO_SETTINGS)) writeSetting(ctx.db, k, v);
    })();
    await importProducts(ctx, join(FIXTURES_DIR, 'demo', 'catalogue.csv'));
  }
  // A demo store without staff (also one made before the demo had staff) gets its two.
  if (listUsers(ctx).length === 0) for (const u of DEMO_USERS) addUser(ctx, u);
  const byName = new Map(listUsers(ctx).map((u) => [u.name, u]));
  return {
    path,
    seeded,
    storeName: loadSettings(ctx)['store.name'],
    products: countProducts(ctx.db),
    exampleBarcode: '8712439011619',
    users: DEMO_USERS.filter((u) => byName.get(u.name)?.role === u.role).map((u) => ({ id: byName.get(u.name)!.id, name: u.name, role: u.role, pin: u.pin })),
  };
}
