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
