import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Ctx } from '../services/context.js';

/** Options every command understands, set on the root program. */
export interface GlobalOptions {
  db?: string;
  debug?: boolean;
}

/** --db beats KASSA_DB beats the user's data directory. */
export function resolveDbPath(opts: GlobalOptions, env = process.env, file = 'kassa.db'): string {
  if (opts.db) return opts.db;
  if (env.KASSA_DB) return env.KASSA_DB;
  return join(dataDir(env), file);
}

export function dataDir(env = process.env): string {
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(base, 'kassa');
}

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/** Run fn with the store at `path` open, and close it whatever happens. Loaded lazily to keep `--help` fast. */
export async function withStore<T>(
  path: string,
  fn: (ctx: Ctx, path: string) => T | Promise<T>,
  opts: { create?: boolean } = {},
): Promise<T> {
  const { openContext } = await import('../services/context.js');
  const store = await openContext(path, opts);
  try {
    return await fn(store.ctx, path);
  } finally {
    store.close();
  }
}

/** The store named by --db / KASSA_DB / the default. */
export function storePath(cmd: Command): string {
  return resolveDbPath(globals(cmd));
}

export function printJson(data: unknown): void {
  process.stdout.write(JSON.stringify(data, null, 2) + '\n');
}

/** Collect a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
