// The built `kassa checkout` in a real terminal (tmux on a private socket),
// driven as a cashier and a barcode scanner drive it: the proof of issue 4.
// Captures of the screens go to docs/screens/ with KASSA_WRITE_SCREENS=1.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, openSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, json, kassa, ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';
import { Tmux } from '../helpers/tmux.js';

const PINDAKAAS = '8712439011619'; // 3,29
const STROOPWAFELS = '8710739018642'; // 2,19
const CROISSANT = 'BROOD-002'; // 0,95, no barcode: typed by hand
const TOTAL_CENTS = 2 * 329 + 219 + 95;
// Cash is rounded to 5 cents (the store's default, as in the Netherlands).
const CASH_DUE_CENTS = Math.round(TOTAL_CENTS / 5) * 5;
const CHANGE_CENTS = 2000 - CASH_DUE_CENTS;
const euro = (cents: number) => `€ ${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

const t = tempDir('kassa-e2e-');
const template = join(t.dir, 'template.db');
let stores = 0;

/** A store the way a shop sets one up: init, the demo catalogue, a cashier (PIN 1234), the simulator card terminal. */
beforeAll(() => {
  const k = (args: string[], input?: string) => {
    const r = kassa(['--db', template, ...args], input === undefined ? {} : { input });
    if (r.code !== 0) throw new Error(`kassa ${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
  };
  k(['init']);
  k(['products', 'import', 'fixtures/demo/catalogue.csv']);
  k(['users', 'add', '--name', 'Anna', '--role', 'cashier', '--pin-file', '-'], '1234\n');
  k(['config', 'set', 'terminal.driver', 'simulator']);
});
afterAll(() => t.cleanup());

/** A fresh copy of the store for one test (the CLI closed it cleanly: one file, no WAL). */
function freshStore(): string {
  const db = join(t.dir, `store-${++stores}.db`);
  copyFileSync(template, db);
  return db;
}

const checkout = (db: string) => [process.execPath, BIN, '--db', db, 'checkout'];
const env = { KASSA_DB: '', NO_COLOR: '' };

let tm: Tmux;
beforeEach(() => {
  tm = new Tmux();
});
afterEach(() => tm.dispose());

/** Staff number and PIN typed by a person; the float when no shift is open. */
async function logIn(opts: { openShift: boolean }): Promise<void> {
  await tm.waitFor('Medewerker (nummer):', 10_000);
  await tm.type('1', 60);
  tm.keys('Enter');
  await tm.waitFor('PIN:');
  await tm.type('1234', 60);
  tm.keys('Enter');
  if (opts.openShift) {
    await tm.waitFor('Wisselgeld in de la:');
    await tm.type('150', 60);
    tm.keys('Enter');
  }
  await tm.waitFor('Scan of typ code:');
}

const articles = (n: number) => `${n} ${n === 1 ? 'artikel' : 'artikelen'}`;

/** Each scan one burst (code and CR in one write); the next item once the last is on screen, as at a real till. */
async function scanItems(codes: string[], already = 0): Promise<void> {
  for (const [i, code] of codes.entries()) {
    tm.scan(code);
    await tm.waitFor(articles(already + i + 1));
  }
}

/** The three scans and the croissant typed by hand, key by key with human gaps. */
async function ringUp(): Promise<void> {
  await scanItems([PINDAKAAS, PINDAKAAS, STROOPWAFELS]);
  await tm.type(CROISSANT, 100);
  await tm.waitFor(`Scan of typ code: ${CROISSANT}`);
  tm.keys('Enter');
  await tm.waitFor('Croissant roomboter toegevoegd');
  await tm.waitFor(articles(4));
}

describe('kassa checkout in a terminal', () => {
  it('sells three scans and a typed code for cash, shows the change, and the store agrees', async () => {
    const db = freshStore();
    tm.start(checkout(db), { width: 80, height: 24, env, cwd: ROOT });
    await logIn({ openShift: true });
    await ringUp();

    const sale = tm.screen();
    expect(sale).toMatch(/1 Pindakaas\s+1\s+3,29\s+3,29/);
    expect(sale).toMatch(/2 Pindakaas\s+1\s+3,29\s+3,29/);
    expect(sale).toMatch(/3 Original Stroopwafels\s+1\s+2,19\s+2,19/);
    expect(sale).toMatch(/4 Croissant roomboter\s+1\s+0,95\s+0,95/);
    expect(sale).toMatch(new RegExp(`TOTAAL\\s+${euro(TOTAL_CENTS)}`));

    tm.keys('F12');
    await tm.waitFor('Ontvangen:');
    await tm.type('20', 100);
    await tm.waitFor('Ontvangen: 20');
    tm.keys('Enter');
    const done = await tm.waitFor('Bon R1-000001');
    expect(done).toMatch(new RegExp(`Terug\\s+${euro(CHANGE_CENTS)}`));

    tm.keys('C-c');
    await tm.waitForExit(); // its exit status: see the Ctrl-C test below

    const k = (args: string[]) => kassa(['--db', db, ...args]);
    const stored = json<{ receiptNo: string; lines: { code: string; qtyMilli: number; lineTotalCents: number }[]; totalCents: number; roundingCents: number; changeCents: number; payments: { method: string; amountCents: number; tenderedCents: number }[] }>(
      k(['sales', 'show', 'R1-000001', '--json']),
    );
    expect(stored.lines.map((l) => [l.code, l.qtyMilli, l.lineTotalCents])).toEqual([
      [PINDAKAAS, 1000, 329],
      [PINDAKAAS, 1000, 329],
      [STROOPWAFELS, 1000, 219],
      [CROISSANT, 1000, 95],
    ]);
    expect(stored).toMatchObject({ receiptNo: 'R1-000001', totalCents: TOTAL_CENTS, roundingCents: CASH_DUE_CENTS - TOTAL_CENTS, changeCents: CHANGE_CENTS });
    expect(stored.payments).toEqual([expect.objectContaining({ method: 'cash', amountCents: CASH_DUE_CENTS, tenderedCents: 2000 })]);

    // Stock in the demo catalogue: Pindakaas 20, Stroopwafels 30, Croissant 40.
    const stock = (code: string) => json<{ stockMilli: number }>(k(['products', 'show', code, '--json'])).stockMilli;
    expect([stock(PINDAKAAS), stock(STROOPWAFELS), stock(CROISSANT)]).toEqual([18_000, 29_000, 39_000]);

    const journal = json<{ type: string }[]>(k(['audit', 'log', '--json'])).map((e) => e.type);
    expect(journal.filter((type) => type === 'sale.completed')).toHaveLength(1);
    expect(json(k(['audit', 'verify', '--json']))).toMatchObject({ ok: true });
  });

  it('refuses without a terminal and points to kassa sell', () => {
    const db = freshStore();
    const devNull = openSync('/dev/null', 'r');
    try {
      const r = spawnSync(process.execPath, [BIN, '--db', db, 'checkout'], { cwd: ROOT, encoding: 'utf8', stdio: [devNull, 'pipe', 'pipe'], env: { ...process.env, ...env }, timeout: 20_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('kassa sell');
      expect(r.stdout).toBe(''); // no screen written into a pipe
    } finally {
      closeSync(devNull);
    }
  });

  it('refuses when only standard output is redirected, writing nothing into the file', async () => {
    const db = freshStore();
    const out = join(t.dir, 'redirected.txt');
    tm.start(['sh', '-c', `"$0" "$1" --db "$2" checkout > "$3"; echo "EXIT $?"`, process.execPath, BIN, db, out], { env, cwd: ROOT });
    const screen = await tm.waitFor(/EXIT \d+/, 10_000);
    expect(screen).toContain('EXIT 2');
    expect(screen).toContain('kassa sell');
    expect(spawnSync('cat', [out], { encoding: 'utf8' }).stdout).toBe('');
  });

  it('gives the terminal back on Ctrl-C: out of the alternate screen, cursor shown, the shell lines as before', async () => {
    const db = freshStore();
    // The shell stays (sleep) so that tmux's "pane is dead" line does not scroll the screen.
    tm.start(['sh', '-c', `echo BEFORE; "$0" "$1" --db "$2" checkout; echo "AFTER $?"; exec sleep 60`, process.execPath, BIN, db], { env, cwd: ROOT });
    await tm.waitFor('Medewerker (nummer):', 10_000);
    expect(tm.format('#{alternate_on}')).toBe('1');
    expect(tm.screen()).not.toContain('BEFORE');
    tm.keys('C-c');
    const after = await tm.waitFor(/AFTER \d+/);
    expect(after.split('\n').slice(0, 2)).toEqual(['BEFORE', 'AFTER 0']);
    expect(after).not.toContain('Medewerker');
    expect(after).not.toContain('Kassa 1');
    expect(tm.format('#{alternate_on} #{cursor_flag}')).toBe('0 1');
  });

  it('a killed checkout loses no scanned line: after a restart and a login the sale is back, and can be paid', async () => {
    const db = freshStore();
    tm.start(checkout(db), { env, cwd: ROOT });
    await logIn({ openShift: true });
    await scanItems([PINDAKAAS, STROOPWAFELS]);
    process.kill(tm.panePid(), 'SIGKILL'); // the pane's program is node itself: no shell in between
    await tm.waitForExit();

    tm.start(checkout(db), { env, cwd: ROOT });
    await logIn({ openShift: false });
    const back = await tm.waitFor(articles(2));
    expect(back).toMatch(/1 Pindakaas\s+1\s+3,29\s+3,29/);
    expect(back).toMatch(/2 Original Stroopwafels\s+1\s+2,19\s+2,19/);
    expect(back).toMatch(new RegExp(`TOTAAL\\s+${euro(329 + 219)}`));

    tm.keys('F12');
    await tm.waitFor('Ontvangen:');
    tm.keys('Enter'); // nothing typed: exact
    await tm.waitFor('Bon R1-000001');
    tm.keys('C-c');
    await tm.waitForExit();
    const sale = json<{ lines: { code: string }[]; totalCents: number }>(kassa(['--db', db, 'sales', 'show', 'R1-000001', '--json']));
    expect(sale.lines.map((l) => l.code)).toEqual([PINDAKAAS, STROOPWAFELS]);
    expect(sale.totalCents).toBe(329 + 219);
  });
});

/**
 * Look at it: the sale, payment and done screens at the standard size and at
 * the narrow one. Nothing may be wider than the terminal (a wrapped line
 * scrolls the header off), and what the cashier needs must be on screen.
 */
describe.each([
  { width: 80, height: 24 },
  { width: 40, height: 20 },
])('the checkout at $width×$height', ({ width, height }) => {
  it('shows the sale, the payment and the change whole', async () => {
    const db = freshStore();
    tm.start(checkout(db), { width, height, env, cwd: ROOT });
    await logIn({ openShift: true });
    await ringUp();
    const look = (name: string, mustShow: RegExp[]) => {
      const lines = tm.lines();
      if (process.env.KASSA_WRITE_SCREENS === '1') {
        const dir = join(ROOT, 'docs', 'screens');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `checkout-${width}x${height}-${name}.txt`), `${lines.join('\n')}\n`);
      }
      const wrapped = tm.lines({ joinWrapped: true });
      const tooWide = wrapped.filter((l) => [...l].length > width);
      expect(tooWide, `${name}: lines wider than ${width}`).toEqual([]);
      expect(lines, `${name}: rows`).toHaveLength(height);
      expect(lines[0], `${name}: the header on the first row`).toMatch(/Kassa 1/);
      // An amount cut at the right edge ("9," for 9,72) says a wrong amount.
      expect(lines.filter((l) => /\d,\d?$/.test(l)), `${name}: amounts cut off at the edge`).toEqual([]);
      for (const re of mustShow) expect(lines.some((l) => re.test(l)), `${name}: ${re} on screen:\n${lines.join('\n')}`).toBe(true);
    };

    look('sale', [new RegExp(`TOTAAL\\s+${euro(TOTAL_CENTS)}`), /^Scan of typ code: █/, /F12 Betaal/]);
    tm.keys('F12');
    await tm.waitFor('Ontvangen:');
    await tm.type('20', 100);
    await tm.waitFor('Ontvangen: 20');
    look('payment', [new RegExp(`Te betalen\\s+${euro(TOTAL_CENTS)}`), /Ontvangen: 20█/, /Contant/]);
    tm.keys('Enter');
    await tm.waitFor('Bon R1-000001');
    look('done', [/Bon R1-000001/, new RegExp(`Terug\\s+${euro(CHANGE_CENTS)}`), /volgende klant: █/]);

  });
});
