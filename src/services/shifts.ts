import { KassaError } from '../core/errors.js';
import { closeShiftRow, insertCashMovement, insertShift, openShiftOf, shiftById, shiftCash, type ShiftRow } from '../db/shifts.js';
import { userById } from '../db/users.js';
import { loadSettings } from './config.js';
import type { Ctx } from './context.js';
import { businessDayNow } from './business-day.js';
import { appendJournal } from './journal.js';

export interface ShiftSummary {
  shiftId: number;
  register: string;
  cashierId: number;
  openedAt: string;
  closedAt: string | null;
  floatCents: number;
  cashSalesCents: number;
  cashInCents: number;
  cashOutCents: number;
  expectedCents: number;
  countedCents: number | null;
  differenceCents: number | null; // counted − expected: negative is short
}

function summary(ctx: Ctx, s: ShiftRow): ShiftSummary {
  const cash = shiftCash(ctx.db, s);
  const expectedCents = s.expectedCents ?? s.floatCents + cash.salesCents + cash.inCents - cash.outCents;
  return {
    shiftId: s.id,
    register: s.register,
    cashierId: s.cashierId,
    openedAt: s.openedAt,
    closedAt: s.closedAt,
    floatCents: s.floatCents,
    cashSalesCents: cash.salesCents,
    cashInCents: cash.inCents,
    cashOutCents: cash.outCents,
    expectedCents,
    countedCents: s.countedCents,
    differenceCents: s.countedCents === null ? null : s.countedCents - expectedCents,
  };
}

const registerOf = (ctx: Ctx, register?: string): string => register ?? loadSettings(ctx)['register.id'];

export function openShift(ctx: Ctx, input: { cashierId: number; floatCents: number; register?: string }): ShiftSummary {
  const register = registerOf(ctx, input.register);
  if (!userById(ctx.db, input.cashierId)) throw new KassaError('USER_NOT_FOUND', `no user with id ${input.cashierId}`, 'see `kassa users list`');
  if (input.floatCents < 0) throw new KassaError('INVALID_AMOUNT', 'the float cannot be negative');
  return ctx.db
    .transaction(() => {
      const open = openShiftOf(ctx.db, register);
      if (open) throw new KassaError('SHIFT_OPEN', `register ${register} already has an open shift (since ${open.openedAt})`, 'close it first: kassa shift close --counted AMOUNT');
      const id = insertShift(ctx.db, { register, cashierId: input.cashierId, openedAt: ctx.clock.now().toISOString(), floatCents: input.floatCents });
      appendJournal(ctx, 'shift.opened', { shiftId: id, register, cashierId: input.cashierId, floatCents: input.floatCents });
      return summary(ctx, shiftById(ctx.db, id));
    })
    .immediate();
}

function currentShift(ctx: Ctx, register: string): ShiftRow {
  const s = openShiftOf(ctx.db, register);
  if (!s) throw new KassaError('NO_OPEN_SHIFT', `register ${register} has no open shift`, 'open one: kassa shift open --cashier ID --float 150.00');
  return s;
}

export function moveCash(ctx: Ctx, input: { direction: 'in' | 'out'; amountCents: number; reason: string; register?: string }): ShiftSummary {
  const register = registerOf(ctx, input.register);
  if (input.amountCents <= 0) throw new KassaError('INVALID_AMOUNT', 'the amount must be more than zero');
  const reason = input.reason.trim();
  if (!reason) throw new KassaError('USAGE', 'cash in and out need a reason', 'pass --reason "..."');
  return ctx.db
    .transaction(() => {
      const s = currentShift(ctx, register);
      const { at, day } = businessDayNow(ctx, loadSettings(ctx), register);
      insertCashMovement(ctx.db, { shiftId: s.id, register, direction: input.direction, amountCents: input.amountCents, reason, at, businessDay: day });
      appendJournal(ctx, input.direction === 'in' ? 'cash.in' : 'cash.out', { shiftId: s.id, register, amountCents: input.amountCents, reason });
      return summary(ctx, s);
    })
    .immediate();
}

/** Close the shift: expected cash (float + cash sales + in − out) against what was counted. */
export function closeShift(ctx: Ctx, input: { countedCents: number; register?: string }): ShiftSummary {
  const register = registerOf(ctx, input.register);
  if (input.countedCents < 0) throw new KassaError('INVALID_AMOUNT', 'the counted cash cannot be negative');
  return ctx.db
    .transaction(() => {
      const s = currentShift(ctx, register);
      const expected = summary(ctx, s).expectedCents;
      closeShiftRow(ctx.db, s.id, ctx.clock.now().toISOString(), expected, input.countedCents);
      appendJournal(ctx, 'shift.closed', {
        shiftId: s.id,
        register,
        expectedCents: expected,
        countedCents: input.countedCents,
        differenceCents: input.countedCents - expected,
      });
      return summary(ctx, shiftById(ctx.db, s.id));
    })
    .immediate();
}

/** The register's open shift with its running cash figures, or null when none is open. */
export function shiftStatus(ctx: Ctx, register?: string): ShiftSummary | null {
  const s = openShiftOf(ctx.db, registerOf(ctx, register));
  return s ? summary(ctx, s) : null;
}
