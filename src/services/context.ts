import type { Db } from '../db/database.js';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** What every use case gets: the store, the time, later the devices. */
export interface Ctx {
  db: Db;
  clock: Clock;
}

/** Open the store at `path` as a context for the services; `close` when done. */
export async function openContext(path: string, opts: { create?: boolean } = {}): Promise<{ ctx: Ctx; close(): void }> {
  const { openDatabase } = await import('../db/database.js');
  const db = openDatabase(path, { create: opts.create ?? false });
  return { ctx: { db, clock: systemClock }, close: () => db.close() };
}
