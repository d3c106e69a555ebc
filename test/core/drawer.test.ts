/** drawerStart: what a register's drawer starts a period with, and what changed hands between its shifts. */
import { describe, expect, it } from 'vitest';
import { drawerStart, type ShiftCash } from '../../src/core/report.js';

const shift = (floatCents: number, countedCents: number | null = null): ShiftCash => ({ floatCents, countedCents });

describe('drawerStart', () => {
  it.each([
    // [what, carried from the last Z, the period's shifts, float, handovers]
    ['no shift at all', null, [], 0, 0],
    ['one shift, still open', null, [shift(15000)], 15000, 0],
    ['one shift, closed', null, [shift(15000, 31245)], 15000, 0],
    ['the cash stays: the next float is the last count', null, [shift(15000, 31245), shift(31245)], 15000, 0],
    ['the takings to the safe, a fresh float in', null, [shift(15000, 31245), shift(10000)], 15000, 10000 - 31245],
    ['a float topped up at the handover', null, [shift(15000, 14000), shift(15000, 20000), shift(20000)], 15000, 1000],
    ['three shifts, all closed', null, [shift(10000, 20000), shift(5000, 9000), shift(9000, 12000)], 10000, -15000],
    ['a shift through the last Z, still open', { cashCents: 40000, shift: shift(15000) }, [], 40000, 0],
    ['a shift through the last Z, then a new one', { cashCents: 40000, shift: shift(15000, 52000) }, [shift(15000)], 40000, 15000 - 52000],
    // Cannot happen (one open shift per register): the later float counts as put in.
    ['a shift opened while its predecessor was open', null, [shift(15000), shift(5000)], 15000, 5000],
  ] as const)('%s', (_what, carried, shifts, floatCents, handoverCents) => {
    expect(drawerStart(carried, shifts)).toEqual({ floatCents, handoverCents });
  });

  it('a count at the end against float + takings + handovers is the sum of the shifts\' own differences', () => {
    // Three shifts with takings t and differences d; each next float as the cashier chose it.
    const takings = [12345, 6789, 4321];
    const diffs = [-200, 50, -5];
    const floats = [15000, 10000, 20000];
    const shifts = floats.map((f, k) => shift(f, f + takings[k]! + diffs[k]!));
    const { floatCents, handoverCents } = drawerStart(null, shifts);
    const expected = floatCents + takings.reduce((a, b) => a + b) + handoverCents;
    const countedAtEnd = shifts[2]!.countedCents!;
    expect(countedAtEnd - expected).toBe(diffs.reduce((a, b) => a + b));
  });
});
