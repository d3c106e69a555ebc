import { Box, Text, useApp, useStdin, useStdout } from 'ink';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Locale } from '../core/money.js';
import { CartList } from './components/cart-list.js';
import { Panel, QrPanel, TotalBox } from './components/panels.js';
import type { CheckoutController } from './controller.js';
import { decodeInput, ScanBuffer } from './keys.js';
import { initialState, reduce, type Action, type CheckoutState, type Effect } from './state.js';
import { WORDS, type Lang, type Words } from './words.js';

export interface AppProps {
  controller: CheckoutController;
  lang: Lang;
  storeName: string;
  register: string;
  locale: Locale;
  terminal: string;
  cashStepCents: number;
  /** The clock, for tests; the real time otherwise. */
  now?: () => number;
  /** Codes from a serial scanner (src/devices): each one a scan, as a keyboard-wedge burst would be. */
  scanner?: { on(event: 'scan', fn: (code: string) => void): unknown; off(event: 'scan', fn: (code: string) => void): unknown };
}

/** Modes where printable keys are commands (a letter, a digit to choose) rather than text. */
function isCommandChar(s: CheckoutState, ch: string): boolean {
  switch (s.mode.kind) {
    case 'pay':
      return !/[0-9.,]/.test(ch);
    case 'menu':
    case 'parked':
    case 'help':
      return true;
    case 'sale':
      return ch === '?' && s.input === '';
    default:
      return false;
  }
}

/**
 * The state outside React: an action is reduced, its effect run at once (the
 * services answer synchronously, a payment later), and the screen told once per
 * input event. A scan is then one React commit, so one frame, instead of one for
 * the key and another for the service's answer (Ink holds the second for its
 * frame limit, ~38 ms).
 */
export class CheckoutStore {
  #state: CheckoutState;
  readonly #listeners = new Set<() => void>();
  #batching = 0;
  #dirty = false;

  constructor(
    initial: CheckoutState,
    readonly run: (effect: Effect, dispatch: (a: Action) => void) => void,
  ) {
    this.#state = initial;
  }

  getState = (): CheckoutState => this.#state;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  };

  dispatch = (a: Action): void => {
    this.#state = reduce(this.#state, a);
    const effect = this.#state.effect;
    if (effect) {
      this.#state = reduce(this.#state, { type: 'effect_taken' });
      this.run(effect, this.dispatch);
    }
    if (this.#batching > 0) this.#dirty = true;
    else this.#notify();
  };

  /** Dispatch several actions (one input event) and tell the screen once. */
  batch(fn: () => void): void {
    this.#batching++;
    try {
      fn();
    } finally {
      this.#batching--;
      if (this.#batching === 0 && this.#dirty) {
        this.#dirty = false;
        this.#notify();
      }
    }
  }

  #notify(): void {
    for (const l of this.#listeners) l();
  }
}

/** Keys in, state out: decode raw input, tell scans from typing, run effects through the controller. */
export function useCheckout(props: AppProps): CheckoutState {
  const [store] = useState(() => new CheckoutStore(initialState(props.lang, props.cashStepCents), (e, d) => void props.controller.run(e, d)));
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const dispatch = store.dispatch;
  // Devices report at any time (a printer runs out of paper between sales): the controller pushes them.
  useEffect(() => props.controller.attach(store.dispatch), [store]);
  // The customer sees what is due as soon as the cashier turns to payment (and after a part payment).
  const paying = state.mode.kind === 'pay' && state.cart !== null;
  const due = state.cart?.dueCents;
  useEffect(() => {
    if (paying && state.cart) props.controller.lights.showTotal(state.cart);
  }, [paying, due]);
  const buffer = useRef(new ScanBuffer());
  const { internal_eventEmitter: events, setRawMode } = useStdin() as ReturnType<typeof useStdin> & { internal_eventEmitter: NodeJS.EventEmitter };
  const now = props.now ?? (() => performance.now());

  useEffect(() => {
    setRawMode(true);
    const onInput = (raw: string): void => {
      const at = now();
      store.batch(() => {
        for (const ev of decodeInput(raw)) {
          const s = store.getState();
          if (ev.kind === 'text') {
            let typed = false;
            for (const ch of ev.text) {
              if (isCommandChar(s, ch)) dispatch({ type: 'char', char: ch });
              else {
                buffer.current.text(ch, at);
                typed = true;
              }
            }
            if (typed) dispatch({ type: 'typed', value: buffer.current.value() });
          } else if (ev.kind === 'key' && ev.name === 'enter') {
            dispatch({ type: 'enter', verdict: buffer.current.enter(at) });
          } else if (ev.kind === 'key' && ev.name === 'backspace') {
            buffer.current.backspace();
            dispatch({ type: 'typed', value: buffer.current.value() });
          } else if (ev.kind === 'key') {
            if (ev.name === 'escape') buffer.current.clear();
            dispatch({ type: 'key', name: ev.name } as Action);
          } else {
            dispatch({ type: 'ctrl', letter: ev.letter });
          }
          // The reducer clears the input line when the mode changes: the buffer follows.
          if (store.getState().input === '' && buffer.current.value() !== '') buffer.current.clear();
        }
      });
    };
    events.on('input', onInput);
    return () => {
      events.removeListener('input', onInput);
      setRawMode(false);
    };
  }, []);

  useEffect(() => {
    const scanner = props.scanner;
    if (!scanner) return;
    const onScan = (code: string): void => {
      // What the cashier typed before (3*) is the prefix, as with a wedge scanner.
      const prefix = buffer.current.value();
      buffer.current.clear();
      dispatch({ type: 'enter', verdict: { kind: 'scan', code, prefix } });
    };
    scanner.on('scan', onScan);
    return () => void scanner.off('scan', onScan);
  }, [props.scanner]);

  return state;
}

function useSize(): { width: number; height: number } {
  const { stdout } = useStdout();
  const [size, setSize] = useState({ width: stdout.columns || 80, height: stdout.rows || 24 });
  useEffect(() => {
    const onResize = (): void => setSize({ width: stdout.columns || 80, height: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);
  return size;
}

function useClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 15_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

export function App(props: AppProps) {
  const state = useCheckout(props);
  const { width, height } = useSize();
  const clock = useClock();
  const { exit } = useApp();
  const words = WORDS[props.lang];
  useEffect(() => props.controller.setExit(exit), [exit]);
  return <Screen {...props} state={state} width={width} height={height} clock={clock} words={words} />;
}

export function Screen(props: AppProps & { state: CheckoutState; width: number; height: number; clock: Date; words: Words }) {
  const { state, width, height, words, locale } = props;
  const narrow = width < 60;
  const w = Math.max(20, width);
  const m = state.mode;
  const time = props.clock.toLocaleString(locale, { weekday: narrow ? undefined : 'short', day: narrow ? undefined : 'numeric', month: narrow ? undefined : 'short', hour: '2-digit', minute: '2-digit' });
  const who = state.user ? state.user.name : '—';
  const title = narrow ? `${words.register} ${props.register} · ${who}` : `${props.storeName} ─ ${words.register} ${props.register} ─ ${who}`;
  const header = `${title.slice(0, w - time.length - 2)}${' '.repeat(Math.max(1, w - [...title].length - time.length))}${time}`.slice(0, w);
  // Rows: header 1, column header 1 (wide), total 4 (wide) / 2 (narrow), input 1, message 1, footer 1–2, devices 1 (wide).
  const showCart = m.kind === 'sale' || m.kind === 'prompt' || m.kind === 'approval';
  if (m.kind === 'pay' && m.step === 'qr' && m.qr) {
    // The code needs every row: the header and the code, nothing else.
    return (
      <Box flexDirection="column" width={w} height={height}>
        <Text inverse bold>
          {header}
        </Text>
        <QrPanel qr={m.qr} status={m.status} width={w} height={height - 1} />
      </Box>
    );
  }
  const showTotal = m.kind !== 'done' && m.kind !== 'pay' && m.kind !== 'report' && m.kind !== 'help';
  // Rows around the body: header, column titles (wide, with the cart), the total
  // (4 wide, 2 narrow), input, message, footer (1 wide, 2 narrow), devices (wide).
  const chrome = 1 + (!narrow && showCart ? 1 : 0) + (showTotal ? (narrow ? 2 : 4) : 0) + 1 + 1 + (narrow ? 2 : 1) + (narrow ? 0 : 1);
  const body = Math.max(3, height - chrome);
  return (
    <Box flexDirection="column" width={w} height={height}>
      <Text inverse bold>
        {header}
      </Text>
      {!narrow && showCart ? <Text dimColor>{columns(words, w)}</Text> : null}
      <Box height={body} flexDirection="column">
        {m.kind === 'login' ? (
          <Text bold>{`\n  ${props.storeName}\n  ${words.register} ${props.register}`}</Text>
        ) : showCart ? (
          <CartList cart={state.cart} selected={state.selected} width={w} height={body} locale={locale} words={words} narrow={narrow} />
        ) : (
          <Panel state={state} width={w} height={body} locale={locale} words={words} />
        )}
      </Box>
      {!showTotal ? null : (
        <Box justifyContent={narrow ? 'flex-start' : 'flex-end'}>
          <TotalBox cart={state.cart} locale={locale} words={words} narrow={narrow} />
        </Box>
      )}
      <InputLine state={state} words={words} width={w} />
      <MessageLine state={state} width={w} />
      <Footer state={state} words={words} width={w} narrow={narrow} />
      {narrow ? null : <DeviceLine devices={state.devices} words={words} width={w} />}
    </Box>
  );
}

/** `printer ✔  lade ✔  scanner ✔  pin ✔`; a failed device in red with what failed and what to do. */
function DeviceLine({ devices, words, width }: { devices: CheckoutState['devices']; words: Words; width: number }) {
  const menu = `F11 ${words.keys.menu}`;
  let used = menu.length + 2;
  const parts: { text: string; ok: boolean }[] = [];
  for (const d of devices) {
    const text = d.ok ? `${words.deviceNames[d.device]} ✔` : `${words.deviceNames[d.device]}: ${d.problem ?? '✘'}`;
    const room = width - used - 2;
    if (room < 6) break;
    parts.push({ text: text.length > room ? `${text.slice(0, room - 1)}…` : text, ok: d.ok });
    used += Math.min(text.length, room) + 2;
  }
  const pad = Math.max(2, width - used + 2);
  return (
    <Text>
      {parts.map((p, i) => (
        <Text key={i} dimColor={p.ok} color={p.ok ? undefined : 'red'} bold={!p.ok}>
          {`${i ? '  ' : ''}${p.text}`}
        </Text>
      ))}
      <Text dimColor>{`${' '.repeat(pad)}${menu}`}</Text>
    </Text>
  );
}

function columns(words: Words, w: number): string {
  const nameWidth = w - 5 - 9 - 10 - 11;
  return ` ${'#'.padStart(3)} ${words.item.padEnd(nameWidth)}${words.qty.padStart(9)}${words.price.padStart(10)}${words.lineTotal.padStart(11)}`;
}

function InputLine({ state, words, width }: { state: CheckoutState; words: Words; width: number }) {
  const m = state.mode;
  let label: string = words.scanPrompt;
  let value = state.input;
  if (m.kind === 'login') {
    label = m.field === 'user' ? words.userPrompt : words.pinPrompt;
    if (m.field === 'pin') value = '•'.repeat(value.length);
  } else if (m.kind === 'approval') {
    label = m.field === 'user' ? words.approvalUser(words.keys.approval) : words.approvalPin;
    if (m.field === 'pin') value = '•'.repeat(value.length);
  } else if (m.kind === 'prompt') {
    label =
      {
        quantity: words.quantityPrompt,
        weight: words.weightPrompt(m.name ?? ''),
        line_discount: words.lineDiscountPrompt,
        sale_discount: words.saleDiscountPrompt,
        price: words.pricePrompt,
        float: words.floatPrompt,
        cash_in: words.cashInPrompt,
        cash_out: words.cashOutPrompt,
        count: words.countPrompt,
        refund: words.refundPrompt,
        no_sale: words.noSalePrompt,
      }[m.prompt];
  } else if (m.kind === 'search') {
    label = words.searchPrompt;
  } else if (m.kind === 'done') {
    label = words.nextCustomer;
  } else if (m.kind === 'pay' || m.kind === 'menu' || m.kind === 'parked' || m.kind === 'report' || m.kind === 'help') {
    return <Text> </Text>;
  }
  return <Text>{`${label}: ${value}█`.slice(-width)}</Text>;
}

function MessageLine({ state, width }: { state: CheckoutState; width: number }) {
  const msg = state.message;
  if (!msg) return <Text> </Text>;
  const text = `${msg.kind === 'error' ? '✘' : '✔'} ${msg.text}${msg.hint ? ` — ${msg.hint}` : ''}`;
  return (
    <Text color={msg.kind === 'error' ? 'red' : msg.kind === 'ok' ? 'green' : undefined} wrap="truncate-end">
      {text.slice(0, width)}
    </Text>
  );
}

function Footer({ state, words, width, narrow }: { state: CheckoutState; words: Words; width: number; narrow: boolean }) {
  const k = words.keys;
  const m = state.mode;
  let items: string[];
  if (m.kind === 'pay') items = narrow ? [`C ${k.cash}`, `P ${k.card}`, `Q ${k.qr}`, `Esc ${k.back}`] : [`Enter/C ${k.cash}`, `P ${k.card}`, `Q ${k.qr}`, `Esc ${k.back}`, k.partial];
  else if (m.kind === 'sale') items = narrow ? [`F1 ${k.help}`, `F2 ${k.search}`, `F12 ${k.pay}`, `F3 ${k.qty}`, `F5 ${k.park}`, `F11 ${k.menu}`] : [`F1 ${k.help}`, `F2 ${k.search}`, `F3 ${k.qty}`, `F4 ${k.discount}`, `F5 ${k.park}`, `F8 ${k.cancel}`, `F12 ${k.pay}`];
  else if (m.kind === 'login' || (m.kind === 'prompt' && m.prompt === 'float')) items = [`Enter OK`, `Ctrl-C ${k.quit}`];
  else items = [`Enter OK`, `Esc ${k.back}`];
  const line = items.join('  ');
  const out = narrow ? wrapTwo(items, width) : [line.slice(0, width)];
  return (
    <Box flexDirection="column">
      {out.map((l, i) => (
        <Text key={i} color="cyan">
          {l}
        </Text>
      ))}
    </Box>
  );
}

function wrapTwo(items: string[], width: number): string[] {
  const lines = [''];
  for (const it of items) {
    const cur = lines[lines.length - 1]!;
    if (cur && cur.length + 2 + it.length > width) lines.push(it);
    else lines[lines.length - 1] = cur ? `${cur}  ${it}` : it;
  }
  return lines.slice(0, 2).map((l) => l.slice(0, width));
}
