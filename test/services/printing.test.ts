/**
 * The receipt between a committed sale and the paper, against a TCP printer on
 * 127.0.0.1: the job is written with the sale, printed after it, retried while
 * fresh, reprinted by hand; the drawer opens for cash and a failed kick never
 * fires later. The bytes are read back by the test's own ESC/POS decoder.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseItemSpec } from '../../src/core/receipt.js';
import { openDatabase } from '../../src/db/database.js';
import { iterateJournal } from '../../src/db/journal.js';
import { setConfig, loadSettings } from '../../src/services/config.js';
import type { Clock, Ctx } from '../../src/services/context.js';
import { importProducts } from '../../src/services/import/import-products.js';
import { listPrintJobs, printReceipt } from '../../src/services/printing.js';
import { receiptText } from '../../src/services/receipts.js';
import { completeCashSale, showSale } from '../../src/services/sales.js';
import { Till } from '../../src/services/till.js';
import { addUser } from '../../src/services/users.js';
import { actions, decodeEscPos, textLines, type EscPosOp } from '../helpers/escpos-decoder.js';
import { TcpTestPrinter } from '../helpers/tcp-printer.js';
import { tempStore } from '../helpers/store.js';

const DEMO = join(import.meta.dirname, '..', '..', 'fixtures', 'demo', 'catalogue.csv');

let store: ReturnType<typeof tempStore>;
let printer: TcpTestPrinter;
let cashierId: number;
let now: Date;
let ctx: Ctx;
let tills: Till[];

beforeEach(async () => {
  store = tempStore();
  now = new Date('2026-11-27T10:00:00.000Z');
  const clock: Clock = { now: () => now };
  ctx = { db: store.db, clock };
  await importProducts(ctx, DEMO);
  cashierId = addUser(ctx, { name: 'Anna', role: 'cashier', pin: '1234' }).id;
  printer = await TcpTestPrinter.start();
  setConfig(ctx, 'printer.address', printer.address);
  setConfig(ctx, 'store.name', 'Buurtwinkel De Hoek');
  tills = [];
});
afterEach(async () => {
  for (const t of tills) await t.close();
  await printer.close();
  store.cleanup();
});

function till(c: Ctx = ctx): Till {
  const t = Till.open(c, loadSettings(c));
  tills.push(t);
  return t;
}

const sellCash = (specs: string[], tenderedCents: number | null = null) =>
  completeCashSale(ctx, { cashierId, items: specs.map(parseItemSpec), payments: [{ method: 'cash', tenderedCents }] });

function printed(): EscPosOp[] {
  return decodeEscPos(printer.received());
}

/** Wait until the printer has received something that decodes to `n` cuts (receipts). */
async function untilCuts(n: number): Promise<EscPosOp[]> {
  const end = Date.now() + 5000;
  for (;;) {
    let ops: EscPosOp[] = [];
    try {
      ops = printed();
    } catch {
      // a job half arrived: wait for the rest
    }
    if (ops.filter((o) => o.op === 'cut').length >= n) return ops;
    if (Date.now() > end) throw new Error(`the printer has ${ops.filter((o) => o.op === 'cut').length} receipts, expected ${n}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a receipt after the sale', () => {
  it('the job is written with the sale; after the commit the drawer opens and the receipt prints as on screen, with its number as a barcode', async () => {
    const sale = sellCash(['8712439011619', '2*BROOD-002'], 2000);
    expect(listPrintJobs(ctx, '1').map((j) => [j.receiptNo, j.status])).toEqual([[sale.receiptNo, 'pending']]);

    const r = await till().afterSale(sale);
    expect(r).toMatchObject({ kicked: true, kickError: null });
    expect(r.print?.printed).toEqual([sale.receiptNo]);
    const ops = await untilCuts(1);
    // The drawer first (the change is given while it prints), then the receipt; status requests before each.
    expect(actions(ops).filter((o) => o.op !== 'status')[0]).toEqual({ op: 'pulse', pin: 2, onMs: 100, offMs: 200 });
    const screen = receiptText(ctx, sale.receiptNo, { width: 42 });
    const lines = textLines(ops).map((l) => l.trimEnd());
    // Every line of the screen's receipt is on paper, in order; the "(R1-000001)" line became the barcode's own text.
    expect(lines).toEqual(screen.filter((l) => l.trim() !== `(${sale.receiptNo})`).map((l) => l.trimEnd()));
    expect(actions(ops)).toContainEqual(expect.objectContaining({ op: 'barcode', data: sale.receiptNo }));
    expect(actions(ops).at(-1)).toMatchObject({ op: 'cut' });
    expect(listPrintJobs(ctx, '1')[0]).toMatchObject({ status: 'printed', attempts: 1 });
  });

  it('a card-only sale does not open the drawer', async () => {
    setConfig(ctx, 'printer.width', '32');
    const sale = sellCash(['KOEK-001']);
    // A refund paid out in cash opens it too; here: a sale with no cash is simulated by taking its payments away.
    const r = await till().afterSale({ ...sale, payments: sale.payments.map((p) => ({ ...p, method: 'card' as const })) });
    expect(r.kicked).toBeNull();
    const ops = await untilCuts(1);
    expect(actions(ops).some((o) => o.op === 'pulse')).toBe(false);
    expect(Math.max(...textLines(ops).map((l) => l.length))).toBeLessThanOrEqual(32);
  });

  it('paper out: the sale stands, the receipt waits in the queue and prints as the original once paper is in', async () => {
    printer.setStatus({ paperOut: true });
    const sale = sellCash(['KOEK-001'], 500);
    const t = till();
    const r = await t.afterSale(sale);
    expect(r.print?.error?.message).toMatch(/paper/i);
    expect(showSale(ctx, sale.receiptNo).totalCents).toBe(sale.totalCents);
    expect(t.queue!.state()).toMatchObject({ pending: 1, failed: 0 });
    expect(listPrintJobs(ctx, '1')[0]).toMatchObject({ status: 'pending', attempts: 1 });

    printer.setStatus({});
    const again = await t.queue!.printPending();
    expect(again.printed).toEqual([sale.receiptNo]);
    const lines = textLines(await untilCuts(1));
    expect(lines.some((l) => /KOPIE|COPY/.test(l))).toBe(false);
    expect(t.queue!.state()).toMatchObject({ pending: 0, failed: 0 });
  });

  it('a printer that is off: the kick fails and is never sent later; the receipt is', async () => {
    await printer.refuse();
    const sale = sellCash(['KOEK-001'], 500);
    const t = till();
    const r = await t.afterSale(sale);
    expect(r.kicked).toBe(false);
    expect(r.kickError?.code).toBe('DEVICE_UNREACHABLE');
    expect(r.print?.error?.code).toBe('DEVICE_UNREACHABLE');

    await printer.accept();
    const again = await t.queue!.printPending();
    expect(again.printed).toEqual([sale.receiptNo]);
    const ops = await untilCuts(1);
    expect(ops.some((o) => o.op === 'pulse')).toBe(false);
  });

  it('a crash between the commit and the printer: the next start finds the receipt waiting and prints it', async () => {
    const sale = sellCash(['KOEK-001']);
    store.db.close();
    const db = openDatabase(store.path);
    const reopened: Ctx = { db, clock: ctx.clock };
    try {
      const t = till(reopened);
      expect(t.queue!.state().pending).toBe(1);
      expect((await t.queue!.printPending()).printed).toEqual([sale.receiptNo]);
      await untilCuts(1);
    } finally {
      for (const t of tills.splice(0)) await t.close();
      db.close();
    }
  });

  it('a receipt not printed within 15 minutes is not printed by itself; by hand it is', async () => {
    await printer.refuse();
    const sale = sellCash(['KOEK-001']);
    const t = till();
    await t.afterSale(sale);
    now = new Date(now.getTime() + 16 * 60_000);
    await printer.accept();
    const auto = await t.queue!.printPending();
    expect(auto.printed).toEqual([]);
    expect(t.queue!.state()).toMatchObject({ pending: 0, failed: 1 });
    expect(printer.received().length).toBe(0);

    const byHand = await t.queue!.retry();
    expect(byHand.printed).toEqual([sale.receiptNo]);
    await untilCuts(1);
  });

  it('a second receipt is a copy, marked and journaled; the original is not printed twice', async () => {
    const sale = sellCash(['KOEK-001']);
    const t = till();
    await t.afterSale(sale);
    await expect(printReceipt(ctx, t.queue!, sale.receiptNo, { copy: false, userId: cashierId })).rejects.toMatchObject({ code: 'USAGE' });
    const out = await printReceipt(ctx, t.queue!, sale.receiptNo, { copy: true, userId: cashierId });
    expect(out.printed).toEqual([sale.receiptNo]);
    const ops = await untilCuts(2);
    const second = ops.slice(ops.findIndex((o) => o.op === 'cut') + 1);
    expect(textLines(second).filter((l) => l.includes('KOPIE'))).toHaveLength(2);
    const copies = [...iterateJournal(store.db)].filter((e) => e.type === 'receipt.copy_printed');
    expect(copies.map((e) => JSON.parse(e.payload))).toEqual([{ receiptNo: sale.receiptNo, register: '1', userId: cashierId }]);
  });

  it('a retry asked while the queue is printing does not print the receipt twice', async () => {
    const sale = sellCash(['KOEK-001']);
    const t = till();
    const job = listPrintJobs(ctx, '1')[0]!;
    const [auto, byHand] = await Promise.all([t.queue!.printPending(), t.queue!.retry(job.id)]);
    expect([...auto.printed, ...byHand.printed]).toEqual([sale.receiptNo]);
    await untilCuts(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(printed().filter((o) => o.op === 'cut')).toHaveLength(1);
    expect(listPrintJobs(ctx, '1')[0]).toMatchObject({ status: 'printed', attempts: 1 });
  });

  it('the optional QR carries the receipt number', async () => {
    setConfig(ctx, 'receipt.qr', 'https://winkel.example/bon/{receipt}');
    const sale = sellCash(['KOEK-001']);
    await till().afterSale(sale);
    const ops = await untilCuts(1);
    expect(actions(ops)).toContainEqual({ op: 'qr', data: `https://winkel.example/bon/${sale.receiptNo}` });
  });

  it('a store without a printer queues nothing', () => {
    setConfig(ctx, 'printer.address', 'none');
    sellCash(['KOEK-001']);
    expect(listPrintJobs(ctx, '1')).toEqual([]);
  });
});
