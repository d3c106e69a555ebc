/**
 * Printing receipts: the queue between a committed sale and the paper. A sale
 * never waits for the printer and is never undone by it (DESIGN.md, "Devices"):
 * the receipt job is written in the sale's own transaction, printed after the
 * commit, retried while it is fresh, and can be reprinted at any time.
 */
import { KassaError, asKassaError } from '../core/errors.js';
import type { Settings } from '../core/settings.js';
import { insertPrintJob, jobsForReceipt, markFailed, markPrinted, printJobById, recentJobs, unprintedJobs, type PrintJobRow } from '../db/print-jobs.js';
import type { PrintDocument, PrintLine, ReceiptPrinter } from '../devices/printer/driver.js';
import { renderReceipt } from '../render/receipt.js';
import { loadSettings } from './config.js';
import type { Ctx } from './context.js';
import { appendJournal } from './journal.js';
import { receiptData } from './receipts.js';

/** A receipt not printed within this time is not printed by itself any more: the customer has gone. */
export const AUTO_RETRY_MS = 15 * 60_000;
/** How long one print may take before the printer counts as not answering. */
export const PRINT_TIMEOUT_MS = 8000;

export type ReceiptLang = 'nl' | 'en';

export function receiptLangOf(settings: Settings): ReceiptLang {
  return settings.locale === 'nl-NL' ? 'nl' : 'en';
}

/**
 * The receipt as the printer gets it: the same lines as on screen and in the
 * preview (src/render/receipt.ts), the store name in bold, the receipt number
 * as a barcode for refunds, the optional QR, a cut.
 */
export function receiptDocument(ctx: Ctx, receiptNo: string, opts: { copy: boolean; settings?: Settings }): PrintDocument {
  const settings = opts.settings ?? loadSettings(ctx);
  const data = receiptData(ctx, receiptNo);
  const text = renderReceipt(data, { lang: receiptLangOf(settings), width: settings['printer.width'], copy: opts.copy, locale: settings.locale });
  // The centred "(R1-000123)" line is where the barcode goes: the barcode prints its number below itself.
  const marker = `(${data.receiptNo})`;
  const at = text.findIndex((l) => l.trim() === marker);
  const lines: PrintLine[] = text.map((t, i) => ({ text: t, ...(i === 0 && !opts.copy ? { bold: true } : {}) }));
  const doc: PrintDocument = { lines, cut: true, barcode: data.receiptNo };
  if (at >= 0) {
    doc.lines = lines.slice(0, at);
    doc.after = lines.slice(at + 1);
  }
  const qr = settings['receipt.qr'].trim();
  if (qr) doc.qr = qr.replaceAll('{receipt}', data.receiptNo);
  return doc;
}

export interface QueueState {
  pending: number; // waiting to be printed (retried by themselves)
  failed: number; // given up: reprint by hand
  lastError: string | null;
  lastErrorCode: string | null;
  /** Why the last attempt failed, while something waits; for the screen's own words. */
  error: KassaError | null;
}

export interface PrintOutcome {
  printed: string[]; // receipt numbers printed now
  error: KassaError | null; // why the first job that failed did not print
  state: QueueState;
}

/** The print queue of one register. Keeps no state of its own: the jobs are rows. */
export class PrintQueue {
  #busy: Promise<PrintOutcome> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #lastError: KassaError | null = null;
  #listeners = new Set<(s: QueueState) => void>();

  constructor(
    private readonly ctx: Ctx,
    private readonly printer: ReceiptPrinter,
    private readonly register: string,
  ) {}

  state(): QueueState {
    const jobs = unprintedJobs(this.ctx.db, this.register);
    const pending = jobs.filter((j) => j.status === 'pending').length;
    return {
      pending,
      failed: jobs.length - pending,
      lastError: jobs.length ? (this.#lastError?.message ?? jobs.find((j) => j.lastError)?.lastError ?? null) : null,
      lastErrorCode: jobs.length ? (this.#lastError?.code ?? null) : null,
      error: jobs.length ? this.#lastError : null,
    };
  }

  onChange(listener: (s: QueueState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Print every pending job, oldest first; stop at the first failure (the printer is down: keep the order). */
  printPending(opts: { signal?: AbortSignal } = {}): Promise<PrintOutcome> {
    // The jobs are read when it is this run's turn: a run before it may have printed them.
    return this.#exclusive(() => this.#run(() => unprintedJobs(this.ctx.db, this.register).filter((j) => j.status === 'pending'), false, opts.signal));
  }

  #exclusive(fn: () => Promise<PrintOutcome>): Promise<PrintOutcome> {
    const run = (this.#busy ?? Promise.resolve()).then(fn, fn);
    this.#busy = run.catch(() => null as never);
    return run;
  }

  /** Never rejects: whatever fails (the printer, the store) is the outcome's error. */
  async #run(select: () => PrintJobRow[], byHand: boolean, signal?: AbortSignal): Promise<PrintOutcome> {
    const printed: string[] = [];
    let error: KassaError | null = null;
    try {
      const settings = loadSettings(this.ctx);
      for (const listed of select()) {
        // Printed meanwhile (another till's retry, `kassa devices retry`): not twice.
        const job = printJobById(this.ctx.db, listed.id);
        if (!job || job.status === 'printed') continue;
        const now = this.ctx.clock.now();
        if (!byHand && now.getTime() - Date.parse(job.createdAt) > AUTO_RETRY_MS) {
          markFailed(this.ctx.db, job.id, now.toISOString(), job.lastError ?? 'not printed in time', true);
          continue;
        }
        await this.#print(job, settings, signal);
        printed.push(job.receiptNo);
      }
    } catch (e) {
      error = asKassaError(e);
    }
    this.#lastError = error;
    let state: QueueState;
    try {
      state = this.state();
    } catch (e) {
      state = { pending: 0, failed: 0, lastError: asKassaError(e).message, lastErrorCode: asKassaError(e).code, error: asKassaError(e) };
    }
    for (const l of this.#listeners) l(state);
    return { printed, error, state };
  }

  async #print(job: PrintJobRow, settings: Settings, signal?: AbortSignal): Promise<void> {
    const doc = receiptDocument(this.ctx, job.receiptNo, { copy: job.kind === 'copy', settings });
    try {
      await this.printer.print(doc, { timeoutMs: PRINT_TIMEOUT_MS, ...(signal ? { signal } : {}) });
    } catch (e) {
      const err = asKassaError(e);
      const now = this.ctx.clock.now();
      // Past its time it waits for a reprint by hand rather than coming out by itself later.
      const giveUp = now.getTime() - Date.parse(job.createdAt) > AUTO_RETRY_MS;
      try {
        markFailed(this.ctx.db, job.id, now.toISOString(), err.message, giveUp);
      } catch {
        // The store is busy: the job stays as it was and is tried again; the printer's error is what matters.
      }
      throw err;
    }
    markPrinted(this.ctx.db, job.id, this.ctx.clock.now().toISOString());
  }

  /** Retry on a timer while jobs are pending (`printer.retrySeconds`). */
  start(): void {
    if (this.#timer) return;
    const seconds = loadSettings(this.ctx)['printer.retrySeconds'];
    this.#timer = setInterval(() => {
      try {
        if (this.state().pending > 0) void this.printPending();
      } catch {
        // The store is busy this second: the next tick tries again.
      }
    }, seconds * 1000);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Print the jobs that did not print (or one job) now, by hand: whatever their age. */
  retry(jobId?: number): Promise<PrintOutcome> {
    if (jobId !== undefined) {
      const j = printJobOrThrow(this.ctx, jobId);
      if (j.register !== this.register) throw new KassaError('USAGE', `print job ${jobId} belongs to register ${j.register}`, `print it there, or: kassa devices retry ${jobId} --register ${j.register}`);
      if (j.status === 'printed') {
        throw new KassaError('USAGE', `print job ${jobId} (${j.receiptNo}) was printed`, `a second receipt is a copy: kassa receipt print ${j.receiptNo} --copy`);
      }
    }
    return this.#exclusive(() => this.#run(() => (jobId === undefined ? unprintedJobs(this.ctx.db, this.register) : [printJobOrThrow(this.ctx, jobId)]), true));
  }
}

function printJobOrThrow(ctx: Ctx, id: number): PrintJobRow {
  const j = printJobById(ctx.db, id);
  if (!j) throw new KassaError('PRINT_JOB_NOT_FOUND', `there is no print job ${id}`, 'see `kassa devices queue`');
  return j;
}

/**
 * Queue a copy of a receipt (marked KOPIE, journaled: a second receipt for one
 * sale is a known route to fraud). The queue prints it.
 */
export function queueCopy(ctx: Ctx, receiptNo: string, userId: number | null): number {
  const data = receiptData(ctx, receiptNo); // throws SALE_NOT_FOUND
  const at = ctx.clock.now().toISOString();
  return ctx.db
    .transaction(() => {
      appendJournal(ctx, 'receipt.copy_printed', { receiptNo: data.receiptNo, register: data.register, userId });
      return insertPrintJob(ctx.db, { register: data.register, kind: 'copy', receiptNo: data.receiptNo, at });
    })
    .immediate();
}

export function listPrintJobs(ctx: Ctx, register: string, limit = 50): PrintJobRow[] {
  return recentJobs(ctx.db, register, limit);
}

/**
 * Print a receipt on the printer now: its original when that never printed,
 * else only as a copy (`copy`), which is journaled.
 */
export async function printReceipt(ctx: Ctx, queue: PrintQueue, receiptNo: string, opts: { copy: boolean; userId: number | null }): Promise<PrintOutcome> {
  const data = receiptData(ctx, receiptNo); // throws SALE_NOT_FOUND
  const original = jobsForReceipt(ctx.db, data.receiptNo).find((j) => j.kind === 'receipt' && j.status !== 'printed');
  if (original && !opts.copy) return queue.retry(original.id);
  if (!opts.copy) {
    throw new KassaError('USAGE', `receipt ${data.receiptNo} was printed (or the store had no printer then)`, `a second receipt is a copy: kassa receipt print ${data.receiptNo} --copy`);
  }
  const id = queueCopy(ctx, data.receiptNo, opts.userId);
  return queue.retry(id);
}
