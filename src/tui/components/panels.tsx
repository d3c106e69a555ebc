import { Box, Text } from 'ink';
import type { Locale } from '../../core/money.js';
import { formatAmount } from '../../core/money.js';
import { roundToCashStep } from '../../core/sale.js';
import type { CartView } from '../../services/carts.js';
import { quickAmounts, type CheckoutState, type Mode } from '../state.js';
import type { Words } from '../words.js';

type Props = { state: CheckoutState; width: number; height: number; locale: Locale; words: Words };

/** The big total: the brightest thing on the screen. */
export function TotalBox({ cart, locale, words, narrow }: { cart: CartView | null; locale: Locale; words: Words; narrow: boolean }) {
  const count = (cart?.lines ?? []).filter((l) => !l.voided).reduce((a, l) => a + (l.unit === 'kg' ? 1 : Math.abs(l.qtyMilli) / 1000), 0);
  const paid = cart?.paidCents ?? 0;
  // After a part payment what matters is what is still to pay.
  const label = paid !== 0 ? words.due : words.total;
  const total = formatAmount(paid !== 0 ? cart!.dueCents : (cart?.totalCents ?? 0), locale);
  if (narrow) {
    return (
      <Box flexDirection="column">
        <Text bold color="yellowBright">
          {`${label}  ${total}`}
        </Text>
        <Text>{words.articles(count)}</Text>
      </Box>
    );
  }
  return (
    <Box borderStyle="round" borderColor="yellow" flexDirection="column" paddingX={1} width={30}>
      <Text bold color="yellowBright">{`${label}${' '.repeat(Math.max(1, 26 - label.length - total.length))}${total}`}</Text>
      <Text>{paid !== 0 ? `${words.articles(count)}, ${words.paid.toLowerCase()} ${formatAmount(paid, locale)}` : words.articles(count)}</Text>
    </Box>
  );
}

/** What replaces the cart while the cashier pays, looks up, chooses or reads. */
export function Panel({ state, width, height, locale, words }: Props) {
  const m = state.mode;
  const f = (c: number) => formatAmount(c, locale);
  switch (m.kind) {
    case 'pay':
      return <PayPanel state={state} mode={m} width={width} height={height} locale={locale} words={words} />;
    case 'done': {
      // The change first and large; the receipt beside it where there is room, under it where not (↑↓ scroll).
      const beside = width >= 80;
      const receipt = width >= 42 ? m.receipt.wide : m.receipt.narrow;
      const rows = beside ? height : Math.max(0, height - 5);
      const shown = receipt.slice(Math.min(m.scroll, Math.max(0, receipt.length - rows)), Math.min(m.scroll, Math.max(0, receipt.length - rows)) + rows);
      const boxWidth = Math.min(beside ? width - 44 : width, 34);
      // A refund pays out: say how much, not "change 0,00".
      const refund = m.sale.kind === 'refund';
      const change = f(refund ? -m.sale.totalCents : m.sale.changeCents);
      const label = refund ? words.refunded : words.change;
      const summary = (
        <Box flexDirection="column" width={beside ? width - 43 : width}>
          <Text bold color="green">{`✔ ${words.done} — ${words.receiptNo} ${m.sale.receiptNo}`}</Text>
          <Box borderStyle="bold" borderColor="yellow" paddingX={1} width={boxWidth}>
            <Text bold color="yellowBright">{`${label}${' '.repeat(Math.max(1, boxWidth - 4 - label.length - change.length))}${change}`}</Text>
          </Box>
          {receipt.length > rows ? <Text dimColor>↑↓</Text> : null}
        </Box>
      );
      return (
        <Box flexDirection={beside ? 'row' : 'column'} height={height}>
          {summary}
          <Box flexDirection="column" marginLeft={beside ? 1 : 0}>
            {shown.map((l, i) => (
              <Text key={i}>{l}</Text>
            ))}
          </Box>
        </Box>
      );
    }
    case 'search':
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>{words.searchPrompt}</Text>
          {m.hits.slice(0, Math.max(0, height - 1)).map((h, i) => (
            <Text key={h.code + i} inverse={i === m.index}>
              {`${String(i + 1).padStart(2)} ${h.name.slice(0, width - 20).padEnd(width - 20)}${f(h.priceCents).padStart(12)}${h.unit === 'kg' ? '/kg' : ''}`.slice(0, width)}
            </Text>
          ))}
        </Box>
      );
    case 'parked':
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>{words.parked}</Text>
          {m.carts.length === 0 ? <Text dimColor>{words.nothingParked}</Text> : null}
          {m.carts.slice(0, Math.max(0, height - 1)).map((c, i) => (
            <Text key={c.cartId} inverse={i === m.index}>{`${String(i + 1).padStart(2)}  #${c.cartId}  ${words.articles(c.lines.filter((l) => !l.voided).length)}  ${f(c.totalCents)}`}</Text>
          ))}
        </Box>
      );
    case 'menu':
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>{words.menu}</Text>
          {words.menuItems.map((label, i) => (
            <Text key={label} inverse={i === m.index}>{`${i + 1}  ${label}`}</Text>
          ))}
        </Box>
      );
    case 'report': {
      const lines = width < 42 && m.narrow ? m.narrow : m.lines;
      const rows = Math.max(0, height - 1);
      const from = Math.min(m.scroll, Math.max(0, lines.length - rows));
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>{`${m.title}${lines.length > rows ? '  ↑↓' : ''}`}</Text>
          {lines.slice(from, from + rows).map((l, i) => (
            <Text key={i}>{l.slice(0, width)}</Text>
          ))}
        </Box>
      );
    }
    case 'help':
      return <Help width={width} height={height} words={words} />;
    default:
      return null;
  }
}

function PayPanel({ state, mode, width, height, locale, words }: Props & { mode: Extract<Mode, { kind: 'pay' }> }) {
  const f = (c: number) => formatAmount(c, locale);
  const due = state.cart?.dueCents ?? 0;
  const rounded = roundToCashStep(due, state.cashStepCents);
  const quick = quickAmounts(due, state.cashStepCents);
  if (mode.step === 'qr' && mode.qr) return <QrPanel qr={mode.qr} status={mode.status} width={width} height={height} />;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>{words.pay}</Text>
      <Text>{`${words.toPay.padEnd(24)}${f(due).padStart(12)}`}</Text>
      {state.cart && state.cart.paidCents !== 0 ? <Text>{`${words.paid.padEnd(24)}${f(state.cart.paidCents).padStart(12)}`}</Text> : null}
      {rounded !== due ? <Text dimColor>{`${words.cashRounded.padEnd(24)}${f(rounded).padStart(12)}`}</Text> : <Text> </Text>}
      {rounded !== due ? <Text dimColor>{`${`  ${words.rounding}`.padEnd(24)}${formatAmount(rounded - due, locale).padStart(12)}`}</Text> : <Text> </Text>}
      <Text bold>{`${words.received}: ${state.input}█`}</Text>
      <Text>{quickLine(quick, width, locale, words)}</Text>
      <Text> </Text>
      {mode.status ? <Text bold color="cyan">{mode.status}</Text> : null}
    </Box>
  );
}

/**
 * The EPC QR code for the customer's banking app, with the transfer in words
 * beside or under it. Where the screen is too small for the code (a 40×20 phone
 * session), the words alone: IBAN, name, amount and reference can be typed in.
 */
export function QrPanel({ qr, status, width, height }: { qr: { code: string[]; details: string[] }; status: string | null; width: number; height: number }) {
  const codeWidth = qr.code[0]?.length ?? 0;
  const fits = qr.code.length + 1 <= height && codeWidth <= width;
  const beside = fits && width - codeWidth >= 24;
  return (
    <Box flexDirection="column" height={height}>
      {fits ? (
        <Box flexDirection="row">
          <Box flexDirection="column">
            {qr.code.map((l, i) => (
              <Text key={i}>{l}</Text>
            ))}
          </Box>
          {beside ? (
            <Box flexDirection="column" paddingLeft={2} paddingTop={2}>
              {qr.details.map((d, i) => (
                <Text key={i} bold={i === 2}>
                  {d.slice(0, width - codeWidth - 2)}
                </Text>
              ))}
            </Box>
          ) : null}
        </Box>
      ) : (
        qr.details.map((d, i) => (
          <Text key={i} bold={i === 2}>
            {d.slice(0, width)}
          </Text>
        ))
      )}
      <Text bold wrap="truncate-end">
        {status ?? ''}
      </Text>
    </Box>
  );
}

/** The quick cash amounts on one line: with the words where they fit, bare where the screen is narrow. */
function quickLine(quick: number[], width: number, locale: Locale, words: Words): string {
  const full = quick.map((q, i) => `F${i + 1} ${i === 0 ? `${words.exact} ` : ''}${formatAmount(q, locale)}`).join('   ');
  return full.length <= width ? full : quick.map((q, i) => `F${i + 1} ${formatAmount(q, locale, { symbol: false })}`).join(' ').slice(0, width);
}

const HELP: [string, keyof Words['keys'], string][] = [
  ['F1 / ?', 'help', ''],
  ['F2 / Ctrl-F', 'search', ''],
  ['F3 / Ctrl-A', 'qty', ''],
  ['F4 / Ctrl-D', 'discount', ''],
  ['F5 / Ctrl-W', 'park', ''],
  ['F6 / Ctrl-E', 'saleDiscount', ''],
  ['F7 / Ctrl-O', 'price', ''],
  ['F8 / Ctrl-N', 'cancel', ''],
  ['F9 / Ctrl-R', 'reprint', ''],
  ['F10 / Ctrl-T', 'refund', ''],
  ['F11 / Ctrl-G', 'menu', ''],
  ['F12 / Ctrl-P', 'pay', ''],
  ['Del / Ctrl-X', 'void', ''],
  ['↑ ↓', 'up', ''],
  ['Esc', 'back', ''],
  ['Ctrl-C', 'quit', ''],
];

function Help({ width, height, words }: { width: number; height: number; words: Words }) {
  const half = Math.ceil(HELP.length / 2);
  const twoCols = height < HELP.length + 1;
  const rows = twoCols ? HELP.slice(0, half).map((r, i) => [r, HELP[i + half]] as const) : HELP.map((r) => [r, undefined] as const);
  // Narrow: the keys alone (F2 / Ctrl-F → F2), so that two columns fit in 40.
  const key = (k: string) => (width < 60 ? k.split(' / ')[0]! : k);
  const cell = (r: (typeof HELP)[number] | undefined) => (r ? `${key(r[0]).padEnd(width < 60 ? 7 : 13)} ${words.keys[r[1]]}` : '');
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>{words.help}</Text>
      {rows.slice(0, Math.max(0, height - 1)).map(([a, b], i) => (
        <Text key={i}>{twoCols ? `${cell(a).padEnd(Math.floor(width / 2))}${cell(b)}` : cell(a)}</Text>
      ))}
    </Box>
  );
}
