import { render } from 'ink';
import { KassaError } from '../core/errors.js';
import { loadSettings } from '../services/config.js';
import { Till } from '../services/till.js';
import type { Ctx } from '../services/context.js';
import { App } from './app.js';
import { CheckoutController } from './controller.js';
import type { Lang } from './words.js';

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALT_SCREEN = '\x1b[?25h\x1b[?1049l';

/**
 * The checkout, full screen in the terminal's alternate buffer. The terminal is
 * restored however it ends: a quit, Ctrl-C, a signal or a crash. A sale in
 * progress is in the store: the next start takes it up again.
 */
export async function runCheckout(ctx: Ctx, opts: { lang?: Lang; previewFile?: string }): Promise<void> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new KassaError('USAGE', 'kassa checkout needs a terminal (standard input and output are not one)', 'to sell from a script, use `kassa sell` or `kassa cart`');
  }
  const settings = loadSettings(ctx);
  const lang: Lang = opts.lang ?? (settings.locale === 'nl-NL' ? 'nl' : 'en');
  // The till's devices, serial ones included; each fails on its own and shows on the device line.
  const till = Till.open(ctx, settings, { serial: true, ...(opts.previewFile ? { previewFile: opts.previewFile } : {}) });
  till.scanner?.start();
  const controller = new CheckoutController(ctx, lang, till);
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    process.stdout.write(LEAVE_ALT_SCREEN);
  };
  const onSignal = (): void => {
    restore();
    process.exit(130);
  };
  process.on('exit', restore);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  process.once('SIGINT', onSignal); // a kill -INT: Ctrl-C itself is a key in raw mode
  process.stdout.write(ENTER_ALT_SCREEN);
  try {
    const app = render(
      <App
        controller={controller}
        lang={lang}
        storeName={settings['store.name']}
        register={settings['register.id']}
        locale={settings.locale}
        terminal={settings['terminal.driver']}
        cashStepCents={settings.cashRounding}
        {...(till.scanner ? { scanner: till.scanner } : {})}
      />,
      { exitOnCtrlC: false, patchConsole: true },
    );
    await app.waitUntilExit();
  } finally {
    await controller.close();
    await till.close();
    restore();
    process.off('exit', restore);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('SIGINT', onSignal);
  }
}
