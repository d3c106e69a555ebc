import { closeSync, existsSync, openSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { KassaError } from '../core/errors.js';
import type { Db } from '../db/database.js';

function canonical(path: string): string {
  const abs = resolve(path);
  if (existsSync(abs)) return realpathSync(abs);
  return join(existsSync(dirname(abs)) ? realpathSync(dirname(abs)) : dirname(abs), basename(abs));
}

/** The store's own files, which no output may ever overwrite. */
export function storeFiles(db: Db): string[] {
  return db.name === ':memory:' ? [] : [db.name, `${db.name}-wal`, `${db.name}-shm`, `${db.name}-journal`];
}

/**
 * An output file written beside its final name and moved into place when done,
 * so that a failure leaves no half file and `out` is only replaced whole.
 * Refuses an output that is the input or the store, before anything is written.
 */
export class OutputFile {
  readonly partial: string;
  constructor(
    readonly out: string,
    protectedPaths: string[],
    what: string,
  ) {
    const target = canonical(out);
    if (existsSync(target) && statSync(target).isDirectory()) {
      throw new KassaError('USAGE', `${what} ${out} is a folder`, 'give a file name in it, e.g. ' + join(out, 'report.pdf'));
    }
    for (const p of protectedPaths) {
      if (canonical(p) === target) {
        throw new KassaError('USAGE', `${what} ${out} would overwrite ${p}`, 'write it to another file');
      }
    }
    this.partial = join(dirname(resolve(out)), `.${basename(out)}.partial-${process.pid}`);
    try {
      closeSync(openSync(this.partial, 'w', 0o644));
    } catch (e) {
      throw new KassaError('USAGE', `cannot write ${what} ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'check that the folder exists and is writable');
    }
  }

  /** Move the finished file into place. */
  commit(): void {
    renameSync(this.partial, this.out);
  }

  discard(): void {
    rmSync(this.partial, { force: true });
  }
}

/** Write a whole output (a PDF, an export) to `out`: all or nothing, never over the store. */
export function writeOutputFile(db: Db, out: string, data: string | Uint8Array, what: string): void {
  const f = new OutputFile(out, storeFiles(db), what);
  try {
    writeFileSync(f.partial, data);
    f.commit();
  } catch (e) {
    f.discard();
    throw e;
  }
}
