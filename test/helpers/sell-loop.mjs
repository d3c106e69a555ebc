// A till that only sells: completes 5-line cash sales in a loop and writes the
// receipt number of each committed sale to stdout, one per line.
//
//   node test/helpers/sell-loop.mjs DB REGISTER CASHIER_ID COUNT   (COUNT 0 = until killed)
//
// Spawned with an IPC channel, it sends 'ready' once the store is open and starts
// selling at the first message it receives.
//
// It runs the compiled services (dist/, `npm run build`). This file is the one
// place where the tests and the bench call the sale service, so that a change of
// its signature is made here only. On any failure it writes the error to stderr
// and exits non-zero: a till that met SQLITE_BUSY must not look like one that sold.
import { pathToFileURL } from 'node:url';

const DIST = new URL('../../dist/', import.meta.url);

/** One basket of the demo catalogue (fixtures/demo/catalogue.csv), pieces only. */
export const BASKET = [
  { code: '8712439011619', qtyMilli: null }, // BELEG-001 Pindakaas, by barcode
  { code: 'BROOD-002', qtyMilli: 2000 },
  { code: 'KOEK-001', qtyMilli: null },
  { code: '8715300505743', qtyMilli: null }, // ZUIV-001 Halfvolle melk
  { code: 'DRANK-004', qtyMilli: 3000 }, // high VAT rate, so the sale has two rates
];

/** Open the store through the compiled services: { ctx, close }. */
export async function openStore(path, opts = {}) {
  const { openContext } = await import(new URL('services/context.js', DIST).href);
  return openContext(path, opts);
}

/** The sale service, loaded once. */
export async function loadSell() {
  const { completeCashSale } = await import(new URL('services/sales.js', DIST).href);
  /** Complete one BASKET sale paid exactly in cash; returns the receipt number. */
  return (ctx, register, cashierId) =>
    completeCashSale(ctx, { cashierId, register, items: BASKET, payments: [{ method: 'cash', tenderedCents: null }] }).receiptNo;
}

async function main(argv) {
  const [path, register, cashier, countArg] = argv;
  const cashierId = Number(cashier);
  const count = Number(countArg ?? 0);
  if (!path || !register || !Number.isSafeInteger(cashierId) || !Number.isSafeInteger(count) || count < 0) {
    process.stderr.write('usage: node test/helpers/sell-loop.mjs DB REGISTER CASHIER_ID COUNT (0 = until killed)\n');
    return 2;
  }
  const sell = await loadSell();
  const { ctx, close } = await openStore(path);
  try {
    if (process.send) {
      // Spawned with an IPC channel: say when ready and wait for the word, so
      // that several tills can start selling at the same instant.
      await new Promise((resolve) => {
        process.once('message', resolve);
        process.send('ready');
      });
      process.disconnect();
    }
    for (let i = 0; count === 0 || i < count; i++) {
      // Printed after the commit (stdout on a pipe is synchronous on Linux), so
      // every number printed is in the store; a kill between the two leaves a
      // committed sale that was not printed, which is allowed.
      process.stdout.write(`${sell(ctx, register, cashierId)}\n`);
    }
  } finally {
    close();
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (e) {
    const code = e && typeof e === 'object' && 'code' in e ? `${e.code}: ` : '';
    process.stderr.write(`sell-loop: ${code}${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
