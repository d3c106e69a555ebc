import { afterEach, describe, expect, it } from 'vitest';
import { parseAddress, type SerialAddress } from '../../src/core/device-address.js';
import { KassaError } from '../../src/core/errors.js';
import { Scale, type ReadWeightOptions, type ScaleOptions } from '../../src/devices/scale/driver.js';
import {
  DIALOG_RESULT_REQUEST,
  DIALOG_STATUS_REQUEST,
  decodeDialogAnswer,
  decodeToledo8217,
  dialogAnswerLength,
  dialogStatus,
  encodeDialogPrice,
  toledoAnswerLength,
  type ScaleReading,
} from '../../src/devices/scale/protocols.js';
import { SerialTransport } from '../../src/devices/transport/serial.js';
import { TcpTransport } from '../../src/devices/transport/tcp.js';
import { startScaleSim, startScaleSimTcp, type ScaleSim, type SimScaleProtocol, type SimScaleState, type TcpScaleSim } from '../helpers/scale-sim.js';
import { ptyPair, type PtyPair } from '../helpers/socat.js';

const bytes = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const text = (b: Uint8Array) =>
  Array.from(b, (c) => ({ 2: '<STX>', 3: '<ETX>', 4: '<EOT>', 5: '<ENQ>', 6: '<ACK>', 0x15: '<NAK>', 0x1b: '<ESC>' })[c] ?? String.fromCharCode(c)).join('');

describe('Mettler-Toledo 8217 answers', () => {
  it.each<[string, string, ScaleReading | Partial<ScaleReading>]>([
    ['a weight in kg, 3 decimals', '\x0201.234\r', { ok: true, grams: 1234 }],
    ['5 g', '\x0200.005\r', { ok: true, grams: 5 }],
    ['1.005 kg is 1005 g exactly (as a float it is 1004.9999…)', '\x0201.005\r', { ok: true, grams: 1005 }],
    ['full range', '\x0215.000\r', { ok: true, grams: 15000 }],
    ['leading spaces', '\x02  1.234\r', { ok: true, grams: 1234 }],
    ['net weight (tare active)', '\x0204.350N\r', { ok: true, grams: 4350 }],
    ['the variant without a decimal point', '\x0201234\r', { ok: true, grams: 1234 }],
    ['nothing on the scale', '\x0200.000\r', { ok: false, reason: 'zero' }],
    ['pounds (2 decimals) are refused', '\x0202.72\r', { ok: false, reason: 'error', message: 'the scale sent "02.72", a weight in pounds; set the scale to kilograms' }],
    ['status: in motion', '\x02?A\r', { ok: false, reason: 'unstable', message: 'the weight is not steady yet', status: '41' }],
    ['status: over capacity', '\x02?B\r', { ok: false, reason: 'overload', message: 'the scale is overloaded', status: '42' }],
    ['status: over capacity and moving → overload first', '\x02?C\r', { ok: false, reason: 'overload' }],
    ['status: under zero', '\x02?D\r', { ok: false, reason: 'zero', message: 'the scale shows less than zero' }],
    ['status: outside the zero capture range', '\x02?H\r', { ok: false, reason: 'error' }],
    ['status: centre of zero', '\x02?P\r', { ok: false, reason: 'zero', message: 'there is nothing on the scale' }],
    ['status with the parity bit read as data', '\x02?\xc1\r', { ok: false, reason: 'unstable', status: '41' }],
    ['a status without its byte', '\x02?\r', { ok: false, reason: 'error', message: 'the scale did not understand the weight request' }],
    ['not a number', '\x021a.234\r', { ok: false, reason: 'error' }],
    ['not an answer at all', 'hello', { ok: false, reason: 'error' }],
  ])('%s: %j', (_what, answer, reading) => {
    expect(decodeToledo8217(bytes(answer))).toMatchObject(reading);
  });

  it.each<[string, number, ScaleReading['ok'], string?]>([
    ['\x0200.035\r', 35, false, 'underMinimum'],
    ['\x0200.040\r', 40, true],
    ['\x0212.000\r', 12000, true],
  ])('with a minimum of 40 g, %j is %s g', (answer, grams, ok, reason) => {
    const r = decodeToledo8217(bytes(answer), { minGrams: 40 });
    expect(r.ok).toBe(ok);
    if (r.ok) expect(r.grams).toBe(grams);
    else expect(r).toMatchObject({ reason, message: `${grams} g is less than the minimum of 40 g` });
  });

  it.each([
    ['', 0],
    ['\x0201.2', 0],
    ['\x0201.234\r', 8],
    ['x\x0201.234\rW', 9],
    ['\r\x02?A\r', 5],
  ])('the answer in %j is %d bytes long', (buf, n) => {
    expect(toledoAnswerLength(bytes(buf))).toBe(n);
  });
});

describe('Dialog 06 records', () => {
  it.each([
    [{ unitPriceCents: 1299 }, '<EOT><STX>01<ESC>001299<ESC><ETX>'],
    [{ unitPriceCents: 0 }, '<EOT><STX>01<ESC>000000<ESC><ETX>'],
    [{ unitPriceCents: 999999 }, '<EOT><STX>01<ESC>999999<ESC><ETX>'],
    [{ unitPriceCents: 1299, tareGrams: 150 }, '<EOT><STX>03<ESC>001299<ESC>0150<ETX>'],
    [{ unitPriceCents: 1299, text: 'Oude kaas' }, '<EOT><STX>04<ESC>001299<ESC>Oude kaas    <ETX>'],
    [{ unitPriceCents: 1299, tareGrams: 20, text: 'Gehakt half-om-half' }, '<EOT><STX>05<ESC>001299<ESC>0020<ESC>Gehakt half-o<ETX>'],
    [{ unitPriceCents: 1299, text: 'a\x03b' }, '<EOT><STX>04<ESC>001299<ESC>a?b          <ETX>'],
  ])('the price record for %j', (p, want) => {
    expect(text(encodeDialogPrice(p))).toBe(want);
  });

  it.each([{ unitPriceCents: 1_000_000 }, { unitPriceCents: -1 }, { unitPriceCents: 12.5 }, { unitPriceCents: 100, tareGrams: 10_000 }])(
    'refuses %j',
    (p) => {
      expect(() => encodeDialogPrice(p)).toThrow(RangeError);
    },
  );

  it('asks for the result with EOT ENQ and for the status with record 08', () => {
    expect(text(DIALOG_RESULT_REQUEST)).toBe('<EOT><ENQ>');
    expect(text(DIALOG_STATUS_REQUEST)).toBe('<EOT><STX>08<ETX>');
  });

  it.each([
    ['\x06', 1],
    ['\x15', 1],
    ['\x0202\x1b3\x1b01234', 0],
    ['\x0209\x1b20\x03', 7],
    ['\x00\x0209\x1b20\x03\x06', 8],
    ['', 0],
  ])('the answer in %j is %d bytes long', (buf, n) => {
    expect(dialogAnswerLength(bytes(buf))).toBe(n);
  });

  it.each([
    ['ACK', '\x06', { kind: 'ack' }],
    ['NAK', '\x15', { kind: 'nak' }],
    [
      'a weighing in kg with unit price and price to pay',
      '\x0202\x1b3\x1b01234\x1b001299\x1b001603\x03',
      { kind: 'result', reading: { ok: true, grams: 1234, unitPriceCents: 1299, priceCents: 1603 } },
    ],
    ['a 5-digit unit price', '\x0202\x1b3\x1b00500\x1b00899\x1b000450\x03', { kind: 'result', reading: { ok: true, grams: 500, unitPriceCents: 899, priceCents: 450 } }],
    ['pounds are refused', '\x0202\x1b1\x1b00272\x1b000599\x1b001629\x03', { kind: 'result', reading: { ok: false, reason: 'error', message: 'the scale weighs in pounds; set it to kilograms' } }],
    ['an empty scale', '\x0202\x1b3\x1b00000\x1b001299\x1b000000\x03', { kind: 'result', reading: { ok: false, reason: 'zero' } }],
    ['a malformed weighing', '\x0202\x1b3\x1b01x34\x1b001299\x1b001603\x03', { kind: 'result', reading: { ok: false, reason: 'error' } }],
    ['a short weighing', '\x0202\x1b3\x1b01234\x03', { kind: 'result', reading: { ok: false, reason: 'error' } }],
    ['status 20', '\x0209\x1b20\x03', { kind: 'status', code: '20', reading: { ok: false, reason: 'unstable', status: '20' } }],
    ['status 32', '\x0209\x1b32\x03', { kind: 'status', code: '32', reading: { ok: false, reason: 'overload' } }],
    ['the checksum request', '\x0211\x1b247\x03', { kind: 'checksums' }],
    ['something else', '\x0277\x1b\x03', { kind: 'unknown' }],
  ])('%s', (_what, answer, decoded) => {
    expect(decodeDialogAnswer(bytes(answer))).toMatchObject(decoded);
  });

  it('applies the minimum to a weighing', () => {
    expect(decodeDialogAnswer(bytes('\x0202\x1b3\x1b00030\x1b001299\x1b000039\x03'), { minGrams: 40 })).toMatchObject({
      kind: 'result',
      reading: { ok: false, reason: 'underMinimum', message: '30 g is less than the minimum of 40 g' },
    });
  });

  it.each([
    ['20', 'unstable', 'the weight is not steady yet'],
    ['22', 'unstable', 'the weight is not steady yet'],
    ['30', 'underMinimum', 'the weight is less than the minimum the scale may sell'],
    ['31', 'zero', 'the scale shows less than zero'],
    ['32', 'overload', 'the scale is overloaded'],
    ['11', 'noPrice', 'the scale did not accept the unit price'],
    ['21', 'error', 'the goods were not lifted since the last weighing: take them off the scale and put them back'],
    ['12', 'error', 'the scale did not accept the tare'],
    ['13', 'error', 'the scale did not accept the article text'],
    ['02', 'error', 'the scale received garbled data (parity error or overflow): check the baud rate and parity'],
    ['10', 'error', 'the scale does not know the record sent to it'],
    ['01', 'error', 'the scale reports a general error'],
    ['00', 'error', 'the scale refused without a known reason (status 00)'],
    ['99', 'error', 'the scale refused without a known reason (status 99)'],
  ])('status %s means %s', (code, reason, message) => {
    expect(dialogStatus(code)).toEqual({ ok: false, reason, message, status: code });
  });
});

describe('Scale over a serial cable (socat pty pair)', () => {
  let pair: PtyPair | null = null;
  let sim: ScaleSim | null = null;
  let scale: Scale | null = null;

  afterEach(async () => {
    await scale?.close();
    await sim?.close();
    await pair?.close();
    scale = sim = pair = null;
  });

  const SERIAL: Record<SimScaleProtocol, string> = {
    toledo8217: '?baud=9600&dataBits=7&parity=even',
    dialog06: '?baud=9600&dataBits=7&parity=odd',
  };

  async function connect(protocol: SimScaleProtocol, state: Partial<SimScaleState>, opts: ScaleOptions = {}) {
    pair = await ptyPair();
    sim = startScaleSim(pair.device, protocol, state);
    scale = new Scale(new SerialTransport(parseAddress(`serial:${pair.till}${SERIAL[protocol]}`) as SerialAddress), protocol, { pollMs: 50, ...opts });
    return { sim, scale };
  }

  async function refused(p: Promise<unknown>): Promise<KassaError> {
    const e = await p.then(
      (v) => new Error(`expected a refusal, got ${JSON.stringify(v)}`),
      (err: unknown) => err,
    );
    if (!(e instanceof KassaError)) throw e;
    return e;
  }

  const io: ReadWeightOptions = { timeoutMs: 3000 };

  describe('toledo8217', () => {
    it('returns the grams of a steady weight', async () => {
      const { sim, scale } = await connect('toledo8217', { grams: 1234 });
      expect(await scale.readWeight(io)).toEqual({ grams: 1234 });
      sim.set({ grams: 290, format: 'net' });
      expect(await scale.readWeight(io)).toEqual({ grams: 290 });
      sim.set({ grams: 15000, format: 'plain' });
      expect(await scale.readWeight(io)).toEqual({ grams: 15000 });
      expect(sim.requests).toEqual(['W', 'W', 'W']);
    });

    it.each<[string, Partial<SimScaleState>, ScaleOptions, string, string, string]>([
      ['a moving weight', { grams: 500, load: 'unstable' }, {}, 'SCALE_UNSTABLE', 'scale: the weight is not steady yet', 'wait until the weight is steady, then weigh again'],
      ['too little', { grams: 30 }, { minGrams: 40 }, 'SCALE_UNDER_MINIMUM', 'scale: 30 g is less than the minimum of 40 g', 'put more on the scale: the minimum is 40 g'],
      ['too much', { grams: 500, load: 'overload' }, {}, 'SCALE_OVERLOAD', 'scale: the scale is overloaded', 'too heavy for the scale: take something off and weigh in parts'],
      ['less than zero', { load: 'underZero' }, {}, 'SCALE_EMPTY', 'scale: the scale shows less than zero', 'empty the scale and press its zero key, then weigh again'],
      ['nothing', { grams: 0 }, {}, 'SCALE_EMPTY', 'scale: there is nothing on the scale', 'put the goods on the scale, then weigh again'],
      ['pounds', { grams: 1234, format: 'pounds' }, {}, 'DEVICE_FAILED', 'scale: the scale sent "02.72", a weight in pounds; set the scale to kilograms', 'check the scale and its interface settings, then weigh again'],
    ])('refuses %s', async (_what, state, opts, code, message, hint) => {
      const { scale } = await connect('toledo8217', state, opts);
      const e = await refused(scale.readWeight(io));
      expect({ code: e.code, message: e.message, hint: e.hint }).toEqual({ code, message, hint });
    });

    it('waits for the weight to settle when asked to', async () => {
      const { sim, scale } = await connect('toledo8217', { grams: 750, unstableFor: 2 });
      expect(await scale.readWeight({ ...io, waitStableMs: 2500 })).toEqual({ grams: 750 });
      expect(sim.requests).toEqual(['W', 'W', 'W']);
    });

    it('gives up waiting with SCALE_UNSTABLE, not a timeout, when the weight keeps moving', async () => {
      const { sim, scale } = await connect('toledo8217', { grams: 750, load: 'unstable' });
      const e = await refused(scale.readWeight({ timeoutMs: 3000, waitStableMs: 300 }));
      expect(e.code).toBe('SCALE_UNSTABLE');
      expect(sim.requests.length).toBeGreaterThan(1);
    });

    it('times out when the scale does not answer', async () => {
      const { scale } = await connect('toledo8217', { grams: 1234, silent: true });
      const e = await refused(scale.readWeight({ timeoutMs: 400 }));
      expect(e.code).toBe('DEVICE_TIMEOUT');
      expect(e.message).toMatch(/^read the weight from serial:.*: no answer within 400 ms$/);
      expect(e.hint).toBe('check that the device is switched on, connected and not busy');
    });

    it('stops waiting when aborted', async () => {
      const { scale } = await connect('toledo8217', { grams: 750, load: 'unstable' });
      const ac = new AbortController();
      const p = refused(scale.readWeight({ timeoutMs: 5000, waitStableMs: 5000, signal: ac.signal }));
      setTimeout(() => ac.abort(), 150);
      expect((await p).code).toBe('DEVICE_ABORTED');
    });

    it('weighs again after a timed-out read, on the port opened afresh', async () => {
      const { sim, scale } = await connect('toledo8217', { grams: 1234, silent: true });
      expect((await refused(scale.readWeight({ timeoutMs: 300 }))).code).toBe('DEVICE_TIMEOUT');
      sim.set({ silent: false, grams: 980 });
      expect(await scale.readWeight(io)).toEqual({ grams: 980 });
    });
  });

  describe('dialog06', () => {
    it('sends the unit price and returns the weight with the price the scale computed', async () => {
      const { sim, scale } = await connect('dialog06', { grams: 1234 });
      expect(await scale.readWeight({ ...io, unitPriceCents: 1299 })).toEqual({ grams: 1234, unitPriceCents: 1299, priceCents: 1603 });
      expect(sim.requests).toEqual(['price 001299', 'ENQ']);
    });

    it('sends a tare and the article text along', async () => {
      const { sim, scale } = await connect('dialog06', { grams: 480 });
      expect(await scale.readWeight({ ...io, unitPriceCents: 2450, tareGrams: 20, text: 'Gehakt – ½ om ½' })).toEqual({ grams: 480, unitPriceCents: 2450, priceCents: 1176 });
      expect(sim.requests).toEqual(['price 002450 tare 0020 text Gehakt - 1/2 ', 'ENQ']);
    });

    it('reads a weight alone with a unit price of 0', async () => {
      const { sim, scale } = await connect('dialog06', { grams: 2000 });
      expect(await scale.readWeight(io)).toEqual({ grams: 2000 });
      expect(sim.requests).toEqual(['price 000000', 'ENQ']);
    });

    it.each<[string, Partial<SimScaleState>, ReadWeightOptions, string, string]>([
      ['a moving weight', { grams: 500, load: 'unstable' }, { ...io, unitPriceCents: 1299 }, 'SCALE_UNSTABLE', 'scale: the weight is not steady yet'],
      ['too little', { grams: 20, minGrams: 40 }, { ...io, unitPriceCents: 1299 }, 'SCALE_UNDER_MINIMUM', 'scale: the weight is less than the minimum the scale may sell'],
      ['too much', { grams: 500, load: 'overload' }, { ...io, unitPriceCents: 1299 }, 'SCALE_OVERLOAD', 'scale: the scale is overloaded'],
      ['less than zero', { load: 'underZero' }, { ...io, unitPriceCents: 1299 }, 'SCALE_EMPTY', 'scale: the scale shows less than zero'],
      ['the same goods twice', { grams: 500, load: 'notLifted' }, { ...io, unitPriceCents: 1299 }, 'DEVICE_FAILED', 'scale: the goods were not lifted since the last weighing: take them off the scale and put them back'],
      ['no unit price', { grams: 500, requirePrice: true }, io, 'SCALE_NO_PRICE', 'scale: the scale did not accept the unit price'],
    ])('refuses %s', async (_what, state, opts, code, message) => {
      const { sim, scale } = await connect('dialog06', state);
      const e = await refused(scale.readWeight(opts));
      expect({ code: e.code, message: e.message }).toEqual({ code, message });
      expect(sim.requests).toContain('status?'); // the cause is asked after every NAK
    });

    it('under the minimum, the hint names the minimum the till knows', async () => {
      const { scale } = await connect('dialog06', { grams: 20, minGrams: 40 }, { minGrams: 40 });
      const e = await refused(scale.readWeight({ ...io, unitPriceCents: 1299 }));
      expect(e.hint).toBe('put more on the scale: the minimum is 40 g');
    });

    it('asks again while the scale settles, when asked to wait', async () => {
      const { sim, scale } = await connect('dialog06', { grams: 750, unstableFor: 2 });
      expect(await scale.readWeight({ ...io, unitPriceCents: 1000, waitStableMs: 2500 })).toEqual({ grams: 750, unitPriceCents: 1000, priceCents: 750 });
      expect(sim.requests).toEqual(['price 001000', 'ENQ', 'status?', 'ENQ', 'status?', 'ENQ']);
    });

    it('refuses a price computed with another unit price', async () => {
      const { scale } = await connect('dialog06', { grams: 1000, reportUnitPriceCents: 999 });
      const e = await refused(scale.readWeight({ ...io, unitPriceCents: 1299 }));
      expect(e.code).toBe('DEVICE_FAILED');
      expect(e.message).toMatch(/priced with 999 instead of 1299 cents per kg/);
    });

    it('says so when the scale asks for the checksum handshake', async () => {
      const { scale } = await connect('dialog06', { grams: 1000, askChecksums: true });
      const e = await refused(scale.readWeight({ ...io, unitPriceCents: 1299 }));
      expect(e.code).toBe('DEVICE_FAILED');
      expect(e.message).toMatch(/checksum handshake/);
    });

    it('refuses a unit price the record cannot carry, before sending anything', async () => {
      const { sim, scale } = await connect('dialog06', { grams: 1000 });
      const e = await refused(scale.readWeight({ ...io, unitPriceCents: 1_000_000 }));
      expect(e.code).toBe('INVALID_AMOUNT');
      expect(sim.requests).toEqual([]);
    });

    it('times out when the scale does not answer', async () => {
      const { scale } = await connect('dialog06', { grams: 1234, silent: true });
      const e = await refused(scale.readWeight({ timeoutMs: 400, unitPriceCents: 1299 }));
      expect(e.code).toBe('DEVICE_TIMEOUT');
    });
  });
});

describe('Scale over the network (tcp)', () => {
  let sim: TcpScaleSim | null = null;
  let scale: Scale | null = null;

  afterEach(async () => {
    await scale?.close();
    await sim?.close();
    scale = sim = null;
  });

  async function busyScale(grams: number): Promise<{ sim: TcpScaleSim; scale: Scale }> {
    // Every answer comes 500 ms after its request: later than the first read below waits.
    sim = await startScaleSimTcp('toledo8217', { grams, answerDelayMs: 500 });
    scale = new Scale(new TcpTransport('127.0.0.1', sim.port), 'toledo8217', { pollMs: 50 });
    return { sim, scale };
  }

  it('never sells the late answer to a timed-out read: the next read gets the weight on the scale now', async () => {
    const { sim, scale } = await busyScale(1000);
    const e = await scale.readWeight({ timeoutMs: 250 }).catch((err: unknown) => err);
    expect(e).toMatchObject({ code: 'DEVICE_TIMEOUT' });
    // The next goods, weighed at once: the answer of 1000 g to the first W is still on its way.
    sim.set({ grams: 2000 });
    expect(await scale.readWeight({ timeoutMs: 3000 })).toEqual({ grams: 2000 });
    expect(sim.requests).toEqual(['W', 'W']);
    expect(sim.connections).toBe(2);
  });

  it('never sells the late answer to an aborted read either', async () => {
    const { sim, scale } = await busyScale(1000);
    const e = await scale.readWeight({ timeoutMs: 3000, signal: AbortSignal.timeout(150) }).catch((err: unknown) => err);
    expect(e).toMatchObject({ code: 'DEVICE_ABORTED' });
    sim.set({ grams: 2000 });
    expect(await scale.readWeight({ timeoutMs: 3000 })).toEqual({ grams: 2000 });
    expect(sim.connections).toBe(2);
  });
});
