import type { Command } from 'commander';
import { KassaError } from '../core/errors.js';
import { EXIT } from './program.js';
import { printJson, storePath, withStore } from './shared.js';

const DEVICES_HELP = `
Devices and their addresses:
  printer    tcp://HOST:9100  file:/dev/usb/lp0  serial:/dev/ttyUSB0?baud=19200  preview  none
  drawer     printer (kicked through the printer)  none
  display    serial:/dev/ttyS1?baud=9600  (--protocol epson|cd5220)  none
  scanner    serial:/dev/ttyUSB0?baud=9600  none  (keyboard-wedge scanners need nothing)
  terminal   zvt://HOST:20007  simulator  manual
  scale      serial:/dev/ttyUSB1  (--protocol toledo8217|dialog06)  none
Serial options: ?baud=9600&dataBits=7&parity=even&stopBits=1`;

export function registerDevices(program: Command): void {
  const devices = program
    .command('devices')
    .description('printer, drawer, customer display, scanner, card terminal and scale')
    .addHelpText(
      'after',
      `
Examples:
  $ kassa devices list
  $ kassa devices set printer tcp://192.168.1.50:9100 --width 42
  $ kassa devices set scanner serial:/dev/ttyUSB0?baud=9600
  $ kassa devices test printer
${DEVICES_HELP}`,
    );

  devices
    .command('list')
    .description('what is configured, and whether it answers')
    .option('--no-probe', 'do not contact the devices')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { probe: boolean; json?: boolean }, cmd: Command) => {
      const { deviceStatuses, previewFileOf } = await import('../services/devices.js');
      const path = storePath(cmd);
      const list = await withStore(path, (ctx) => deviceStatuses(ctx, { probe: opts.probe, previewFile: previewFileOf(path) }));
      if (opts.json) return printJson(list);
      const { chalk, fit } = await import('./output.js');
      const mark = { ok: chalk.green('ok'), failed: chalk.red('FAILED'), unknown: chalk.dim('—'), none: chalk.dim('—') } as const;
      for (const d of list) {
        const options = Object.entries(d.options)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
        process.stdout.write(
          `${fit(d.device, 9)} ${fit(d.address, 36)} ${fit(mark[d.status], 7)} ${d.configured ? options : ''}${d.message && d.status !== 'none' ? `  ${d.status === 'failed' ? chalk.red(d.message) : chalk.dim(d.message)}` : ''}\n`,
        );
        if (d.hint && d.status === 'failed') process.stdout.write(`${' '.repeat(10)}${chalk.dim(`hint: ${d.hint}`)}\n`);
      }
    });

  devices
    .command('set <device> <address>')
    .description('point a device at its address (none removes it); the change is journaled')
    .option('--width <columns>', 'printer: characters per line, 32, 42 or 48')
    .option('--code-page <n>', "printer: the printer's number for PC858 in ESC t (Epson 19)")
    .option('--protocol <name>', 'display: epson or cd5220; scale: toledo8217 or dialog06')
    .option('--pin <n>', 'drawer: connector pin 2 or 5')
    .option('--on-ms <ms>', 'drawer: pulse on time')
    .option('--off-ms <ms>', 'drawer: pulse off time')
    .option('--password <digits>', 'terminal: the ZVT password (6 digits)')
    .option('--json', 'print the device as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ kassa devices set printer tcp://192.168.1.50:9100 --width 42
  $ kassa devices set printer file:/dev/usb/lp0 --code-page 16
  $ kassa devices set drawer printer --pin 2 --on-ms 100 --off-ms 200
  $ kassa devices set display serial:/dev/ttyS1 --protocol cd5220
  $ kassa devices set terminal zvt://192.168.1.60:20007
  $ kassa devices set scale serial:/dev/ttyUSB1 --protocol toledo8217
  $ kassa devices set scanner none
${DEVICES_HELP}`,
    )
    .action(async (device: string, address: string, opts: Record<string, string | boolean | undefined>, cmd: Command) => {
      const { isDeviceName, setDevice, DEVICE_NAMES } = await import('../services/devices.js');
      if (!isDeviceName(device)) throw new KassaError('USAGE', `"${device}" is not a device`, `devices: ${DEVICE_NAMES.join(', ')}`);
      const { json, ...rest } = opts;
      const options = Object.fromEntries(Object.entries(rest).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      const d = await withStore(storePath(cmd), (ctx) => setDevice(ctx, device, address, options));
      if (json) return printJson(d);
      process.stderr.write(`${d.device}: ${d.address}${Object.keys(d.options).length ? ` (${Object.entries(d.options).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}\n`);
      if (d.configured) process.stderr.write(`try it: kassa devices test ${d.device}\n`);
    });

  devices
    .command('test <device>')
    .description('try a device for real: print a test receipt, kick the drawer, show a text, wait for a scan, ask the terminal, read the scale')
    .option('--timeout <seconds>', 'how long to wait (a scan: 30 s; others 5 s)')
    .option('--json', 'print the verdict as JSON')
    .addHelpText('after', '\nExamples:\n  $ kassa devices test printer\n  $ kassa devices test scanner --timeout 60\n  $ kassa devices test terminal --json\n\nExit code 0 when the device worked, 1 when it did not (the message says why, the hint what to do).')
    .action(async (device: string, opts: { timeout?: string; json?: boolean }, cmd: Command) => {
      const { isDeviceName, testDevice, previewFileOf, DEVICE_NAMES } = await import('../services/devices.js');
      if (!isDeviceName(device)) throw new KassaError('USAGE', `"${device}" is not a device`, `devices: ${DEVICE_NAMES.join(', ')}`);
      let timeoutMs: number | undefined;
      if (opts.timeout !== undefined) {
        if (!/^\d+(\.\d+)?$/.test(opts.timeout) || Number(opts.timeout) <= 0) throw new KassaError('USAGE', `--timeout ${opts.timeout}: not a number of seconds`, '--timeout 30');
        timeoutMs = Math.round(Number(opts.timeout) * 1000);
      }
      const path = storePath(cmd);
      const ctl = new AbortController();
      const onSig = () => ctl.abort();
      process.once('SIGINT', onSig);
      try {
        const r = await withStore(path, (ctx) =>
          testDevice(ctx, device, {
            previewFile: previewFileOf(path),
            signal: ctl.signal,
            ...(timeoutMs ? { timeoutMs } : {}),
            onWaiting: (m) => {
              if (!opts.json) process.stderr.write(`${m}\n`);
            },
          }),
        );
        if (opts.json) printJson(r);
        else {
          const { chalk } = await import('./output.js');
          process.stdout.write(`${r.ok ? chalk.green('OK') : chalk.red('FAILED')}  ${r.device} ${r.address}: ${r.message}\n`);
          for (const l of r.detail ?? []) process.stdout.write(`    ${l}\n`);
          if (r.hint) process.stdout.write(`hint: ${r.hint}\n`);
        }
        if (!r.ok) process.exitCode = EXIT.failure;
      } finally {
        process.off('SIGINT', onSig);
      }
    });

  devices
    .command('queue')
    .description('the print queue: receipts printed, waiting, or failed')
    .option('--register <id>', 'the till (default: the setting register.id)')
    .option('--json', 'print the jobs as JSON')
    .action(async (opts: { register?: string; json?: boolean }, cmd: Command) => {
      const [{ listPrintJobs }, { loadSettings }] = await Promise.all([import('../services/printing.js'), import('../services/config.js')]);
      const jobs = await withStore(storePath(cmd), (ctx) => listPrintJobs(ctx, opts.register ?? loadSettings(ctx)['register.id']));
      if (opts.json) return printJson(jobs);
      if (jobs.length === 0) return void process.stdout.write('the print queue is empty\n');
      const { chalk, fit } = await import('./output.js');
      for (const j of jobs) {
        const st = j.status === 'printed' ? chalk.green('printed') : j.status === 'pending' ? chalk.yellow('waiting') : chalk.red('failed');
        process.stdout.write(`${fit(String(j.id), 5, 'right')}  ${fit(j.receiptNo, 10)} ${fit(j.kind, 7)} ${fit(st, 7)}  ${j.createdAt}${j.lastError && j.status !== 'printed' ? `  ${chalk.red(j.lastError)}` : ''}\n`);
      }
      if (jobs.some((j) => j.status !== 'printed')) process.stdout.write(chalk.dim('print them now: kassa devices retry [JOB]\n'));
    });

  devices
    .command('retry [job]')
    .description('print the receipts that did not print (or one job) now')
    .option('--register <id>', 'the till (default: the setting register.id)')
    .option('--json', 'print what was printed as JSON')
    .action(async (job: string | undefined, opts: { register?: string; json?: boolean }, cmd: Command) => {
      if (job !== undefined && !/^\d+$/.test(job)) throw new KassaError('USAGE', `"${job}" is not a job number`, 'see kassa devices queue');
      const [{ Till }, { loadSettings }, { previewFileOf }] = await Promise.all([import('../services/till.js'), import('../services/config.js'), import('../services/devices.js')]);
      const path = storePath(cmd);
      const out = await withStore(path, async (ctx) => {
        const settings = loadSettings(ctx);
        const register = opts.register ?? settings['register.id'];
        const till = Till.open(ctx, { ...settings, 'register.id': register }, { previewFile: previewFileOf(path) });
        try {
          if (!till.queue) throw new KassaError('DEVICE_NOT_CONFIGURED', 'no printer is configured', 'kassa devices set printer tcp://HOST:9100');
          return await till.queue.retry(job === undefined ? undefined : Number(job));
        } finally {
          await till.close();
        }
      });
      const { error: _e, ...state } = out.state;
      if (opts.json) printJson({ ...state, printed: out.printed, error: out.error ? { code: out.error.code, message: out.error.message, hint: out.error.hint ?? null } : null });
      else {
        process.stdout.write(out.printed.length ? `printed ${out.printed.join(', ')}\n` : 'nothing printed\n');
        if (out.error) process.stderr.write(`error: ${out.error.message}${out.error.hint ? `\nhint: ${out.error.hint}` : ''}\n`);
      }
      if (out.error) process.exitCode = EXIT.failure;
    });
}
