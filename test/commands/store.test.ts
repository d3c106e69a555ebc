import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { json, kassa } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

const t = tempDir();
afterAll(() => t.cleanup());

describe('kassa init', () => {
  it('creates a store in the user data directory by default, private to the user', () => {
    const home = join(t.dir, 'home');
    const r = kassa(['init', '--store-name', 'Bakkerij Jansen'], { env: { HOME: home, XDG_DATA_HOME: '' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const path = join(home, '.local', 'share', 'kassa', 'kassa.db');
    expect(r.stdout).toContain(`Created store "Bakkerij Jansen" at ${path}`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('honours XDG_DATA_HOME, KASSA_DB and --db in that order of precedence', () => {
    const xdg = join(t.dir, 'xdg');
    kassa(['init'], { env: { XDG_DATA_HOME: xdg } });
    expect(existsSync(join(xdg, 'kassa', 'kassa.db'))).toBe(true);
    const envDb = join(t.dir, 'env.db');
    kassa(['init'], { env: { XDG_DATA_HOME: xdg, KASSA_DB: envDb } });
    expect(existsSync(envDb)).toBe(true);
    const flagDb = join(t.dir, 'flag.db');
    kassa(['--db', flagDb, 'init'], { env: { KASSA_DB: envDb } });
    expect(existsSync(flagDb)).toBe(true);
  });

  it('running init again keeps the store and what is in it', () => {
    const db = join(t.dir, 'again.db');
    expect(kassa(['--db', db, 'init', '--store-name', 'Eerst']).code).toBe(0);
    expect(kassa(['--db', db, 'config', 'set', 'cashRounding', '10']).code).toBe(0);
    const r = json<{ created: boolean; storeName: string }>(kassa(['--db', db, 'init', '--json']));
    expect(r.created).toBe(false);
    expect(r.storeName).toBe('Eerst');
    expect(kassa(['--db', db, 'config', 'get', 'cashRounding']).stdout.trim()).toBe('10');
  });

  it('a command on a store that does not exist says how to make one', () => {
    const r = kassa(['--db', join(t.dir, 'nope.db'), 'products', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no store at');
    expect(r.stderr).toContain('kassa init');
    expect(existsSync(join(t.dir, 'nope.db'))).toBe(false);
  });
});

describe('kassa config', () => {
  const db = join(t.dir, 'config.db');
  it('lists, gets and sets, with --json', () => {
    kassa(['--db', db, 'init']);
    const list = json<Record<string, unknown>>(kassa(['--db', db, 'config', 'list', '--json']));
    expect(list['locale']).toBe('nl-NL');
    expect(list['vat.high']).toBe('21');
    expect(kassa(['--db', db, 'config', 'set', 'store.iban', 'NL91 ABNA 0417 1643 00']).code).toBe(0);
    expect(json(kassa(['--db', db, 'config', 'get', 'store.iban', '--json']))).toEqual({
      key: 'store.iban',
      value: 'NL91ABNA0417164300',
    });
  });

  it('refuses a wrong value with exit 2 and the valid values', () => {
    const r = kassa(['--db', db, 'config', 'set', 'locale', 'fr-FR']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('locale: "fr-FR"');
    expect(r.stderr).toContain('nl-NL, en-GB');
  });

  it('refuses an unknown key with the list of keys', () => {
    const r = kassa(['--db', db, 'config', 'set', 'colour', 'blue']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown setting "colour"');
    expect(r.stderr).toContain('businessDayStartHour');
  });
});

describe('kassa itself', () => {
  it('shows help with examples, and exit codes', () => {
    const r = kassa(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('products');
    const help = kassa(['help', 'products', 'import']);
    expect(help.stdout).toContain('--on-error');
    expect(kassa(['help', 'exit-codes']).stdout).toContain('2  usage');
  });

  it('exits 2 on an unknown command or option', () => {
    expect(kassa(['frobnicate']).code).toBe(2);
    expect(kassa(['products', 'list', '--bogus']).code).toBe(2);
  });

  it('demo creates the demo store once and tells what to try', () => {
    const db = join(t.dir, 'demo.db');
    const first = kassa(['--db', db, 'demo']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Created the demo store');
    expect(first.stdout).toContain('products search');
    const again = json<{ seeded: boolean; products: number }>(kassa(['--db', db, 'demo', '--json']));
    expect(again.seeded).toBe(false);
    expect(again.products).toBe(30);
  });

  it('demo never touches the shop store named by KASSA_DB, nor seeds a store in use', () => {
    const real = join(t.dir, 'real.db');
    kassa(['--db', real, 'init', '--store-name', 'Bakkerij Jansen']);
    const home = join(t.dir, 'demo-home');
    const r = kassa(['demo', '--json'], { env: { KASSA_DB: real, XDG_DATA_HOME: home } });
    expect(r.code).toBe(0);
    expect(existsSync(join(home, 'kassa', 'demo.db'))).toBe(true);
    const inUse = json<{ seeded: boolean; products: number }>(kassa(['--db', real, 'demo', '--json']));
    expect(inUse).toMatchObject({ seeded: false, products: 0 });
    expect(kassa(['--db', real, 'config', 'get', 'store.name']).stdout.trim()).toBe('Bakkerij Jansen');
  });
});
