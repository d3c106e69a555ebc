import { afterEach, describe, expect, it } from 'vitest';
import { parseAddress, type SerialAddress } from '../../src/core/device-address.js';
import { KassaError } from '../../src/core/errors.js';
import { formatAmount } from '../../src/core/money.js';
import { CustomerDisplay } from '../../src/devices/display/driver.js';
import {
  changeScreen,
  encodeClear,
  encodeInit,
  encodeScreen,
  fitLine,
  itemScreen,
  totalScreen,
  transliterate,
  welcomeScreen,
  type DisplayProtocol,
} from '../../src/devices/display/encode.js';
import { SerialTransport } from '../../src/devices/transport/serial.js';
import type { TransportState } from '../../src/devices/transport/types.js';
import { startDisplaySim, VfdScreen, type DisplaySim } from '../helpers/display-sim.js';
import { ptyPair, type PtyPair } from '../helpers/socat.js';

const PROTOCOLS: DisplayProtocol[] = ['epson', 'cd5220'];

describe('transliterate: what a plain VFD can show', () => {
  it.each([
    ['Crème brûlée', 'Creme brulee'],
    ['Müsli naïve Ça', 'Musli naive Ca'],
    ['Weißbier', 'Weissbier'],
    ['Smørrebrød', 'Smorrebrod'],
    ['Ærø æble', 'AEro aeble'],
    ['Œuf cœur', 'OEuf coeur'],
    ['Łódź', 'Lodz'],
    ['€ 12,50', 'EUR 12,50'],
    ['€12.50', 'EUR 12.50'],
    ['-€1.50', '-EUR 1.50'],
    ['prijs in €', 'prijs in EUR'],
    ['“Bio” ‘appel’', '"Bio" \'appel\''],
    ['Kaas – jong — belegen', 'Kaas - jong - belegen'],
    ['½ brood', '1/2 brood'],
    ['ﬁlet', 'filet'],
    ['Wacht…', 'Wacht...'],
    ['1\u00a0kg\u202fnet', '1 kg net'],
    ['regel\nbreuk\tje', 'regel breuk je'],
    ['寿司', '??'],
    ['Banaan 🍌', 'Banaan ?'],
    ['A-Z a-z 0-9 #$@[]{}|~', 'A-Z a-z 0-9 #$@[]{}|~'],
  ])('%j → %j', (text, shown) => {
    expect(transliterate(text)).toBe(shown);
  });

  it('never lets anything but printable ASCII through', () => {
    let all = '';
    for (let cp = 0; cp < 0x3000; cp += 7) all += String.fromCodePoint(cp);
    all += '🍌👍🏽\u{1F1F3}\u{1F1F1}';
    expect(transliterate(all)).toMatch(/^[\x20-\x7e]*$/);
  });

  it('fits a line to exactly 20 columns, cutting or padding', () => {
    expect(fitLine('Chocoladehagelslag puur extra')).toBe('Chocoladehagelslag p');
    expect(fitLine('Brood')).toBe('Brood               ');
    expect(fitLine('€ 2,00')).toBe('EUR 2,00            ');
  });
});

describe('layouts', () => {
  const nl = (c: number) => formatAmount(c, 'nl-NL');
  const en = (c: number) => formatAmount(c, 'en-GB');

  it.each<[string, [string, string], [string, string]]>([
    ['an item: name above, price right below', itemScreen('Bananen los', nl(123)), ['Bananen los', '            EUR 1,23']],
    ['an item with a quantity', itemScreen('Bananen los', nl(224), '0,750 kg'), ['Bananen los', '0,750 kg    EUR 2,24']],
    ['a long name is cut, the price kept whole', itemScreen('Chocoladehagelslag puur', nl(123456), '2 x'), ['Chocoladehagelslag p', '2 x     EUR 1.234,56']],
    ['the total, Dutch', totalScreen('TOTAAL', nl(1234)), ['TOTAAL', '           EUR 12,34']],
    ['the total, English', totalScreen('TOTAL', en(1234)), ['TOTAL', '           EUR 12.34']],
    ['the change, Dutch', changeScreen(nl(2000), nl(766)), ['BETAALD    EUR 20,00', 'TERUG       EUR 7,66']],
    ['the change, English', changeScreen(en(2000), en(766), 'en-GB'), ['PAID       EUR 20.00', 'CHANGE      EUR 7.66']],
    ['a huge amount beats its label', changeScreen(nl(123456789), nl(0)), ['    EUR 1.234.567,89', 'TERUG       EUR 0,00']],
    ['welcome', welcomeScreen('Bakkerij Van Dijk'), [' Bakkerij Van Dijk', '       Welkom']],
    ['welcome, English, a long name', welcomeScreen('Groentenboer De Verse Oogst', 'en-GB'), ['Groentenboer De Vers', '      Welcome']],
  ])('%s', (_what, lines, shown) => {
    expect(lines.map((l) => l.length)).toEqual([20, 20]);
    expect(lines.map((l) => l.trimEnd())).toEqual(shown);
  });
});

describe('encodeScreen, read back by an independent interpreter', () => {
  function display(protocol: DisplayProtocol, ...chunks: Uint8Array[]): VfdScreen {
    const s = new VfdScreen(protocol);
    for (const c of chunks) s.feed(c);
    return s;
  }

  it.each(PROTOCOLS)('%s: shows exactly the two lines', (protocol) => {
    const s = display(protocol, encodeInit(protocol), encodeScreen(protocol, ['Kaas € 4,50', 'Crème fraîche']));
    expect(s.lines()).toEqual(['Kaas EUR 4,50       ', 'Creme fraiche       ']);
    expect(s.unknown).toEqual([]);
    expect(s.nonAscii).toEqual([]);
  });

  it.each(PROTOCOLS)('%s: a shorter screen leaves nothing of the previous one', (protocol) => {
    const s = display(
      protocol,
      encodeInit(protocol),
      encodeScreen(protocol, ['Chocoladehagelslag puur', 'XXXXXXXXXXXXXXXXXXXXXXXX']),
      encodeScreen(protocol, ['Ei', '1']),
    );
    expect(s.lines()).toEqual(['Ei'.padEnd(20), '1'.padEnd(20)]);
    expect(s.unknown).toEqual([]);
  });

  it.each(PROTOCOLS)('%s: clear blanks the display', (protocol) => {
    const s = display(protocol, encodeInit(protocol), encodeScreen(protocol, ['a', 'b']), encodeClear(protocol));
    expect(s.lines()).toEqual([' '.repeat(20), ' '.repeat(20)]);
  });

  it('epson selects the plain ASCII set and overwrite mode, even from a display left in scroll mode', () => {
    const s = new VfdScreen('epson');
    s.internationalSet = 2; // a DIP switch set to Germany: [ \ ] would show as Ä Ö Ü
    s.mode = 'vscroll';
    s.feed(encodeInit('epson'));
    s.feed(encodeScreen('epson', ['[1] x', 'y']));
    expect(s.internationalSet).toBe(0);
    expect(s.mode).toBe('overwrite');
    expect(s.cursorVisible).toBe(false);
    expect(s.lines().map((l) => l.trimEnd())).toEqual(['[1] x', 'y']);
  });

  it('the command sets are not interchangeable: the wrong one shows garbage', () => {
    const s = display('cd5220', encodeInit('epson'), encodeScreen('epson', ['Kaas', 'EUR 4,50']));
    expect(s.unknown.length).toBeGreaterThan(0);
    const t = display('epson', encodeInit('cd5220'), encodeScreen('cd5220', ['Kaas', 'EUR 4,50']));
    expect(t.lines()).not.toEqual(['Kaas'.padEnd(20), 'EUR 4,50'.padEnd(20)]);
  });
});

describe('CustomerDisplay over a serial cable (socat pty pair)', () => {
  let pair: PtyPair | null = null;
  let sim: DisplaySim | null = null;
  let display: CustomerDisplay | null = null;
  const io = { timeoutMs: 3000 };

  afterEach(async () => {
    await display?.close();
    await sim?.close();
    await pair?.close();
    display = sim = pair = null;
  });

  async function connect(protocol: DisplayProtocol, reconnect = false) {
    pair = await ptyPair();
    sim = startDisplaySim(pair.device, protocol);
    const transport = new SerialTransport(parseAddress(`serial:${pair.till}?baud=9600`) as SerialAddress, { reconnect, retryMs: 50 });
    display = new CustomerDisplay(transport, protocol);
    return { pair, sim, display, transport };
  }

  it.each(PROTOCOLS)('%s: the customer sees the item, then the total, then the change', async (protocol) => {
    const { sim, display } = await connect(protocol);
    const nl = (c: number) => formatAmount(c, 'nl-NL');

    await display.show(welcomeScreen('Kaashandel Gouda'), io);
    await sim.waitFor(['  Kaashandel Gouda', '       Welkom']);

    await display.show(itemScreen('Oude kaas – 500 g', nl(899)), io);
    await sim.waitFor(['Oude kaas - 500 g', '            EUR 8,99']);

    await display.show(itemScreen('Crème fraîche', nl(378), '2 x'), io);
    await sim.waitFor(['Creme fraiche', '2 x         EUR 3,78']);

    await display.show(totalScreen('TOTAAL', nl(1277)), io);
    await sim.waitFor(['TOTAAL', '           EUR 12,77']);

    await display.show(changeScreen(nl(2000), nl(723)), io);
    await sim.waitFor(['BETAALD    EUR 20,00', 'TERUG       EUR 7,23']);

    await display.clear(io);
    await sim.waitFor(['', '']);
    expect(sim.screen.unknown).toEqual([]);
  });

  it('a display that went away fails with a DEVICE_* error, and shows the next screen once it is back', async () => {
    const { pair, display, transport } = await connect('epson', true);
    await display.show(['voor', 'het uittrekken'], io);
    await sim!.waitFor(['voor', 'het uittrekken']);

    const gone = new Promise<TransportState>((resolve) => transport.onState((s) => s === 'disconnected' && resolve(s)));
    await sim!.close();
    await pair.unplug();
    await gone;
    const e = await display.show(['niemand', 'kijkt'], { timeoutMs: 1000 }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(KassaError);
    expect((e as KassaError).code).toMatch(/^DEVICE_/);

    await pair.plug();
    sim = startDisplaySim(pair.device, 'epson');
    // The transport reopens by itself; the first screen after that finds the display reset and shown.
    await expect.poll(() => transport.state, { timeout: 5000 }).toBe('open');
    await display.show(['weer', 'terug'], io);
    await sim.waitFor(['weer', 'terug']);
    expect(sim.screen.unknown).toEqual([]);
    expect(sim.received().subarray(0, 2)).toEqual(Buffer.from([0x1b, 0x40])); // ESC @ first: reset after the reconnect
  });
});
