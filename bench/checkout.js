// The checkout (issue 4, "Benchmark"): two figures, each against the raw tool in
// the same run.
//
//   scan:     a keyboard-wedge scan ("CODE\r" in one stdin write) every 50 ms to the
//             frame that shows the new item count, with 10, 100 and 1,000 lines in
//             the cart: p50/p95 latency and CPU per scan. The built app
//             (dist/tui/app.js) is rendered by Ink into a fake 80×24 TTY, on a real
//             store (demo catalogue, the demo cashier, the shift open, the cart
//             pre-filled through the services, login typed on the screen). The
//             raw part: the same scan through the services alone (resolveScan and
//             changeCart, as the controller calls them) on a second cart of the
//             same size, with synchronous=FULL as the store runs and with
//             synchronous=OFF, so that the flush's share is known.
//   start-up: `kassa checkout` in a pty (script(1), 80×24) until the login prompt
//             ("Medewerker") is on the screen, against `node -e 0` in the same pty
//             harness; median of 5.
//
// Each configuration of the scan runs in its own process (React reads NODE_ENV
// once, when it is loaded; a fresh heap per cart size). CI is removed from their
// environment: Ink draws only the last frame when it believes it runs in CI.
//
//   node bench/checkout.js [scan|startup]          both or one, as a table (after npm run build)
//   node bench/checkout.js --child N FPS SCANS OUT  one scan run (internal), its result on stdout
// Also the "Checkout" section of `npm run bench` (bench/run.js).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = new URL('../dist/', import.meta.url);
const SCAN_EVERY_MS = 50;
const SCAN_CODE = '8712439011619'; // BELEG-001 Pindakaas, a piece at a fixed price
const WARM_UP = 10;
const RESULT = 'checkout-bench-result ';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** The value below which `p` of the samples lie (nearest rank). */
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
};
const fmt = (x, d = 1) => x.toFixed(d);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function removeDb(path) {
  for (const s of ['', '-wal', '-shm', '-journal']) rmSync(path + s, { force: true });
}

/** The environment of a child: no CI (Ink would draw only the last frame), NODE_ENV as asked. */
function childEnv(nodeEnv) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('CI_')) delete env[k];
  delete env.NODE_ENV;
  if (nodeEnv) env.NODE_ENV = nodeEnv;
  return env;
}

// ---------------------------------------------------------------------------
// One scan run, in a child process.

/** A stdin that Ink takes for a terminal: raw mode is a no-op, writes are what the keyboard sends. */
async function fakeStdin() {
  const { PassThrough } = await import('node:stream');
  const s = new PassThrough();
  s.isTTY = true;
  s.setRawMode = () => s;
  s.ref = () => s;
  s.unref = () => s;
  return s;
}

/** An 80×24 terminal that remembers nothing but hands each write to `onWrite`. */
async function fakeStdout(onWrite) {
  const { Writable } = await import('node:stream');
  const s = new Writable({
    write(chunk, _enc, cb) {
      cb();
    },
  });
  s.isTTY = true;
  s.columns = 80;
  s.rows = 24;
  // Ink writes synchronously through write(); looking at the text there is when
  // the frame leaves the process.
  const write = s.write.bind(s);
  s.write = (chunk, ...rest) => {
    onWrite(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    return write(chunk, ...rest);
  };
  return s;
}

/** A store as a till has it: demo catalogue and staff, the shift open, and `carts` sales of `lines` lines. */
async function prepareStore(path, lines, carts) {
  removeDb(path);
  const { openContext } = await import(new URL('services/context.js', DIST).href);
  const { openDemo } = await import(new URL('services/demo.js', DIST).href);
  const { openShift } = await import(new URL('services/shifts.js', DIST).href);
  const { openCart, changeCart, parkCart } = await import(new URL('services/carts.js', DIST).href);
  const { listProducts } = await import(new URL('services/products.js', DIST).href);
  const { ctx, close } = await openContext(path, { create: true });
  const demo = await openDemo(ctx, path);
  const cashier = demo.users.find((u) => u.role === 'cashier');
  openShift(ctx, { cashierId: cashier.id, floatCents: 10000 });
  // Pieces at a fixed price, so that the item count is the number of lines.
  const codes = [...listProducts(ctx)].filter((p) => p.unit === 'piece').map((p) => p.sku ?? p.barcodes[0]);
  const actor = { userId: cashier.id, approverId: null };
  const ids = [];
  for (let c = 0; c < carts; c++) {
    const cart = openCart(ctx, { cashierId: cashier.id });
    for (let i = 0; i < lines; i++) changeCart(ctx, cart.cartId, actor, { type: 'scan', item: { code: codes[i % codes.length], qtyMilli: null } });
    ids.push(cart.cartId);
  }
  // All but the first are parked: the login takes up the open one.
  for (const id of ids.slice(1)) parkCart(ctx, id, actor);
  return { ctx, close, cashier, actor, cartIds: ids };
}

/**
 * The raw side: the scan through the services alone, as the controller calls
 * them (resolveScan, then changeCart, which commits and reads the cart back), on
 * a second cart of the same size, alternating synchronous=FULL (as the store
 * runs) and OFF (no flush), so that the flush's share shows.
 */
async function serviceRun(ctx, cartId, actor, n) {
  const { changeCart, resumeCart } = await import(new URL('services/carts.js', DIST).href);
  resumeCart(ctx, cartId, actor); // parked while the screen ran
  const { resolveScan } = await import(new URL('services/products.js', DIST).href);
  const synchronous = ctx.db.pragma('synchronous', { simple: true });
  const journal = ctx.db.pragma('journal_mode', { simple: true });
  const full = [];
  const off = [];
  try {
    for (let i = 0; i < WARM_UP + 2 * n; i++) {
      const flush = i % 2 === 0;
      ctx.db.pragma(`synchronous = ${flush ? 'FULL' : 'OFF'}`);
      const t0 = performance.now();
      if (!resolveScan(ctx, SCAN_CODE)) throw new Error(`${SCAN_CODE} is not in the demo catalogue`);
      changeCart(ctx, cartId, actor, { type: 'scan', item: { code: SCAN_CODE, qtyMilli: null } });
      const ms = performance.now() - t0;
      if (i >= WARM_UP) (flush ? full : off).push(ms);
    }
  } finally {
    ctx.db.pragma(`synchronous = ${synchronous}`);
  }
  return { full, off, pragmas: { journal, synchronous } };
}

/**
 * Mount the app on the store, log in as a person would, then scan every 50 ms.
 * Per scan: the latency to the frame with the new count, where it went (to the
 * first frame, to the controller, the service, from its answer to the frame), and
 * the CPU of the process over the scan's 50 ms slot.
 */
async function scanRun({ lines, scans, maxFps, path }) {
  const prepStart = performance.now();
  const { ctx, close, cashier, actor, cartIds } = await prepareStore(path, lines, 2);
  const prepMs = performance.now() - prepStart;
  const React = (await import('react')).default;
  const { render } = await import('ink');
  const { App } = await import(new URL('tui/app.js', DIST).href);
  const { CheckoutController } = await import(new URL('tui/controller.js', DIST).href);
  const { loadSettings } = await import(new URL('services/config.js', DIST).href);
  const settings = loadSettings(ctx);
  const lang = settings.locale === 'nl-NL' ? 'nl' : 'en';
  const items = lang === 'nl' ? (n) => `${n} ${n === 1 ? 'artikel' : 'artikelen'}` : (n) => `${n} ${n === 1 ? 'item' : 'items'}`;
  const words = lang === 'nl' ? { user: 'Medewerker', pin: 'PIN' } : { user: 'Staff number', pin: 'PIN' };
  const controller = new CheckoutController(ctx, lang);
  const trace = process.env.BENCH_TRACE ? [] : null;
  const t00 = performance.now();
  const log = (what) => trace?.push(`${fmt(performance.now() - t00, 2)} ${what}`);

  const all = []; // every scan: { count, t0, measured, firstFrameAt, runAt, cartAt, frameAt }
  // The controller as the screen runs it; the bench only notes when a scan's
  // effect starts and when its answer (the new cart) is dispatched.
  const run = controller.run.bind(controller);
  controller.run = (effect, dispatch) => {
    if (effect.type !== 'scan') return run(effect, dispatch);
    const scan = all.find((s) => s.runAt === undefined);
    if (scan) scan.runAt = performance.now();
    log('controller: scan');
    return run(effect, (a) => {
      if (scan && a.type === 'cart') scan.cartAt = performance.now();
      log(`controller: ${a.type}`);
      dispatch(a);
    });
  };

  let waiting = null; // a text the login waits for: { text, resolve }
  const renders = [];
  const stdout = await fakeStdout((text) => {
    const now = performance.now();
    if (waiting && text.includes(waiting.text)) {
      const w = waiting;
      waiting = null;
      w.resolve();
    }
    if (text.length < 100) return; // cursor and synchronised-output codes, not a frame
    log(`frame, ${/\d+ artikel\w*|\d+ items?/.exec(text)?.[0] ?? ''}`);
    for (const s of all) if (s.firstFrameAt === undefined) s.firstFrameAt = now;
    // A frame shows its scan and every scan before it.
    const shown = all.findLastIndex((s) => s.frameAt === undefined && text.includes(items(s.count)));
    for (let i = 0; i <= shown; i++) all[i].frameAt ??= now;
  });
  const stdin = await fakeStdin();
  const screen = (text) => new Promise((resolve) => (waiting = { text, resolve }));

  const loginShown = screen(words.user);
  const options = {
    stdin,
    stdout,
    stderr: stdout,
    exitOnCtrlC: false,
    patchConsole: false,
    onRender: ({ renderTime }) => {
      renders.push(renderTime);
      log(`render ${fmt(renderTime, 2)} ms`);
    },
  };
  if (maxFps !== null) options.maxFps = maxFps;
  const app = render(
    React.createElement(App, {
      controller,
      lang,
      storeName: settings['store.name'],
      register: settings['register.id'],
      locale: settings.locale,
      terminal: settings['terminal.driver'],
      cashStepCents: settings.cashRounding,
    }),
    options,
  );
  await loginShown;
  // A person types the staff number and the PIN: one key at a time, 120 ms apart.
  const type = async (s) => {
    for (const ch of s) {
      stdin.write(ch);
      await sleep(120);
    }
  };
  const pinShown = screen(words.pin);
  await type(`${cashier.id}\r`);
  await pinShown;
  const saleShown = screen(items(lines));
  await type('1234\r');
  await saleShown;
  await sleep(200);

  // Scans at fixed instants, whatever the screen is doing.
  let count = lines;
  const cpu = [];
  let measuredRenders = 0;
  const start = performance.now() + SCAN_EVERY_MS;
  let prevCpu = null;
  for (let i = 0; i <= WARM_UP + scans; i++) {
    await sleep(Math.max(0, start + i * SCAN_EVERY_MS - performance.now()));
    const c = process.cpuUsage();
    if (prevCpu && i > WARM_UP) cpu.push((c.user - prevCpu.user + c.system - prevCpu.system) / 1000);
    prevCpu = c;
    if (i === WARM_UP) measuredRenders = renders.length;
    if (i === WARM_UP + scans) break; // this instant only closes the last slot
    count += 1;
    log(`scan ${count}`);
    all.push({ count, t0: performance.now(), measured: i >= WARM_UP });
    stdin.write(`${SCAN_CODE}\r`);
  }
  const slotRenders = renders.slice(measuredRenders);
  await sleep(300);
  if (trace) process.stderr.write(`${trace.slice(-60).join('\n')}\n`);
  app.unmount();
  await app.waitUntilExit().catch(() => {});

  const raw = await serviceRun(ctx, cartIds[1], actor, scans / 2);
  close();
  removeDb(path);

  const measured = all.filter((s) => s.measured);
  const missed = measured.filter((s) => s.frameAt === undefined).length;
  if (missed > 0) throw new Error(`${missed} of ${scans} scans never reached the screen`);
  const of = (f) => measured.map(f);
  const p = (xs) => ({ p50: percentile(xs, 0.5), p95: percentile(xs, 0.95) });
  return {
    lines,
    maxFps,
    nodeEnv: process.env.NODE_ENV ?? '',
    scans,
    prepareSeconds: prepMs / 1000,
    latency: { ...p(of((s) => s.frameAt - s.t0)), max: Math.max(...of((s) => s.frameAt - s.t0)) },
    phases: {
      firstFrame: p(of((s) => s.firstFrameAt - s.t0)), // the Enter's own frame (input cleared)
      toController: p(of((s) => s.runAt - s.t0)), // until the effect reaches the controller
      service: p(of((s) => s.cartAt - s.runAt)), // resolveScan + changeCart, inside the app
      toFrame: p(of((s) => s.frameAt - s.cartAt)), // from the new cart to its frame
    },
    cpu: { mean: cpu.reduce((a, b) => a + b, 0) / cpu.length, p95: percentile(cpu, 0.95) },
    renders: { perScan: slotRenders.length / scans, ...p(slotRenders) },
    raw: { full: p(raw.full), off: p(raw.off), pragmas: raw.pragmas },
  };
}

// ---------------------------------------------------------------------------
// The parent: configurations, start-up, the table.

function runChild({ lines, maxFps, nodeEnv, scans, out }) {
  const args = [new URL(import.meta.url).pathname, '--child', String(lines), maxFps === null ? 'default' : String(maxFps), String(scans), out];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: childEnv(nodeEnv), maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`scan run (${lines} lines, maxFps ${maxFps}, NODE_ENV=${nodeEnv}) failed:\n${r.stderr}`);
  const line = r.stdout.split('\n').find((l) => l.startsWith(RESULT));
  if (!line) throw new Error(`scan run (${lines} lines) printed no result:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(line.slice(RESULT.length));
}

/** Time from spawn until `marker` appears on the pty, or until exit when marker is null. */
function ptyRun(command, marker, env) {
  return new Promise((resolve, reject) => {
    // script(1) gives the command a pty; stty makes it 80×24 (the same for both sides).
    const t0 = performance.now();
    const child = spawn('script', ['-qfec', `stty cols 80 rows 24; exec ${command}`, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let seen = '';
    let done = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command}: no "${marker}" within 20 s; the pty showed:\n${seen.slice(-2000)}`));
    }, 20_000);
    child.stdout.on('data', (d) => {
      seen += d.toString('utf8');
      if (!done && marker && seen.includes(marker)) {
        done = true;
        const ms = performance.now() - t0;
        clearTimeout(timer);
        child.stdin.write('\x03'); // Ctrl-C at the login: the checkout quits
        child.once('exit', () => resolve(ms));
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }
    });
    child.on('exit', (code) => {
      if (marker) return;
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`${command} exited ${code}: ${seen}`));
      else resolve(performance.now() - t0);
    });
  });
}

async function startupRun({ repeat, out, entry }) {
  const db = join(out, 'checkout-startup.db');
  removeDb(db);
  const init = spawnSync(process.execPath, [join(ROOT, 'bin/kassa.js'), '--db', db, 'demo', '--no-checkout'], { encoding: 'utf8', env: childEnv() });
  if (init.status !== 0) throw new Error(init.stderr);
  const env = childEnv();
  const node = [];
  const kassa = [];
  // One of each unmeasured (caches), then alternating.
  await ptyRun(`${process.execPath} -e 0`, null, env);
  await ptyRun(`${process.execPath} ${entry} --db ${db} checkout`, 'Medewerker', env);
  for (let i = 0; i < repeat; i++) {
    node.push(await ptyRun(`${process.execPath} -e 0`, null, env));
    kassa.push(await ptyRun(`${process.execPath} ${entry} --db ${db} checkout`, 'Medewerker', env));
  }
  removeDb(db);
  return { node: median(node), kassa: median(kassa), nodeRuns: node, kassaRuns: kassa };
}

/** The scan runs: as `kassa checkout` runs from tsc's output, as the production bundle runs, and two frame limits. */
const SCAN_CONFIGS = [
  { label: 'tsc output, no NODE_ENV (React development build), Ink maxFps 30', nodeEnv: '', maxFps: null },
  { label: 'NODE_ENV=production (as the bundle runs), maxFps 30', nodeEnv: 'production', maxFps: null },
  { label: 'NODE_ENV=production, maxFps 120', nodeEnv: 'production', maxFps: 120 },
  { label: 'NODE_ENV=production, maxFps 0 (no frame limit)', nodeEnv: 'production', maxFps: 0 },
];

const pair = (x, d = 1) => `${fmt(x.p50, d)} / ${fmt(x.p95, d)}`;

/** The checkout's figures for bench/run.js: rows of its table and a note. */
export async function benchCheckout({ out = join(ROOT, 'bench/out'), scans = Number(process.env.BENCH_SCANS ?? 100), startupRepeat = 5, only = null } = {}) {
  mkdirSync(out, { recursive: true });
  if (!existsSync(new URL('tui/app.js', DIST))) throw new Error('dist/tui/app.js is missing: npm run build');
  const rows = [];
  const notes = [];
  for (const c of only === 'startup' ? [] : SCAN_CONFIGS) {
    for (const lines of [10, 100, 1000]) {
      const r = runChild({ lines, maxFps: c.maxFps, nodeEnv: c.nodeEnv, scans, out });
      const ph = r.phases;
      console.error(
        `  scan, ${c.label}, ${lines} lines: p50/p95 ${pair(r.latency)} ms (max ${fmt(r.latency.max)}); CPU ${fmt(r.cpu.mean)} ms/scan (p95 ${fmt(r.cpu.p95)}); ` +
          `Enter's own frame ${pair(ph.firstFrame)}, to the controller ${pair(ph.toController)}, service ${pair(ph.service, 2)}, new cart to frame ${pair(ph.toFrame)} ms; ` +
          `${fmt(r.renders.perScan, 2)} renders/scan of ${pair(r.renders, 2)} ms; services alone FULL ${pair(r.raw.full, 2)}, OFF ${pair(r.raw.off, 2)} ms; ` +
          `(store prepared in ${fmt(r.prepareSeconds)} s)`,
      );
      const met = r.latency.p95 < 16 && r.cpu.mean < 0.3 * SCAN_EVERY_MS;
      rows.push([
        `scan → frame, ${lines.toLocaleString('en')} lines, ${c.label}: p50 / p95; CPU per scan`,
        `${pair(r.latency)} ms; ${fmt(r.cpu.mean)} ms (${fmt((100 * r.cpu.mean) / SCAN_EVERY_MS, 0)} %)`,
        `the scan through the services alone: ${pair(r.raw.full, 2)} ms (synchronous=OFF: ${pair(r.raw.off, 2)} ms)`,
        fmt(r.latency.p95 / r.raw.full.p95),
        `p95 < 16 ms, CPU < 30 % — ${met ? 'met' : '**not met**'}`,
      ]);
    }
  }
  for (const [label, entry] of only === 'scan' ? [] : startupEntries()) {
    const s = await startupRun({ repeat: startupRepeat, out, entry });
    console.error(`  start-up${label}: ${s.kassaRuns.map((x) => fmt(x, 0)).join(', ')} ms; node -e 0: ${s.nodeRuns.map((x) => fmt(x, 0)).join(', ')} ms`);
    const met = s.kassa / s.node <= 4;
    rows.push([`\`kassa checkout\` to the login screen, in a pty (median of ${startupRepeat})${label}`, `${fmt(s.kassa, 0)} ms`, `\`node -e 0\` in the same pty: ${fmt(s.node, 0)} ms`, fmt(s.kassa / s.node, 2), `≤ 4 — ${met ? 'met' : '**not met**'}`]);
  }
  if (only !== 'startup') notes.push(`Checkout: ${scans} scans ${SCAN_EVERY_MS} ms apart after ${WARM_UP} unmeasured, each cart size and configuration in its own process; the services alone on a second cart of the same size.`);
  return { rows, note: notes.join('\n') };
}

/** What starts the checkout: bin/kassa.js as shipped (which loads dist/tui/checkout.bundle.js). */
function startupEntries() {
  if (spawnSync('script', ['--version']).status !== 0) throw new Error('the start-up bench needs script(1) (util-linux) for a pty');
  if (!readFileSync(new URL('commands/checkout.js', DIST), 'utf8').includes('checkout.bundle.js')) throw new Error('kassa checkout no longer loads the bundle: update the bench');
  return [['', join(ROOT, 'bin/kassa.js')]];
}

if (process.argv[2] === '--child') {
  const [, , , lines, fps, scans, out] = process.argv;
  const r = await scanRun({ lines: Number(lines), maxFps: fps === 'default' ? null : Number(fps), scans: Number(scans), path: join(out, `checkout-scan-${process.pid}.db`) });
  // On a line of its own: something (Ink's cursor restore) may write to stdout after it.
  process.stdout.write(`\n${RESULT}${JSON.stringify(r)}\n`);
  process.exit(0);
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const only = process.argv[2] === 'scan' || process.argv[2] === 'startup' ? process.argv[2] : null;
  const r = await benchCheckout({ only });
  console.log('| measure | kassa | raw, same run | ratio | target |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const row of r.rows) console.log(`| ${row.join(' | ')} |`);
  console.log(`\nNode ${process.version}. ${r.note}`);
}
