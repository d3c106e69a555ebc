import { insertNoSale } from '../db/carts.js';
import { KassaError } from '../core/errors.js';
import { checkApproval, journalApproval, type Actor } from './approvals.js';
import { loadSettings } from './config.js';
import type { Ctx } from './context.js';
import { appendJournal } from './journal.js';
import { businessDayNow } from './sales.js';

export interface NoSale {
  id: number;
  register: string;
  at: string;
  approvedBy: number;
}

/**
 * Open the drawer without a sale: a manager's decision, recorded and journaled
 * before the drawer opens (as a sale is committed before it does). The face
 * kicks the drawer afterwards (`Till.kick`).
 */
export function openDrawerNoSale(ctx: Ctx, actor: Actor, input: { register?: string; reason: string }): NoSale {
  const reason = input.reason.trim();
  if (!reason) throw new KassaError('USAGE', 'opening the drawer without a sale needs a reason', '--reason "change for the market stall"');
  const settings = loadSettings(ctx);
  const register = input.register ?? settings['register.id'];
  return ctx.db
    .transaction((): NoSale => {
      const needs = new Set(['no_sale'] as const);
      const approvedBy = checkApproval(ctx, actor, needs)!;
      const { at, day } = businessDayNow(ctx, settings, register);
      const id = insertNoSale(ctx.db, { register, userId: actor.userId, approvedBy, reason, at, businessDay: day });
      journalApproval(ctx, actor, approvedBy, needs, { register, noSale: id });
      appendJournal(ctx, 'drawer.opened', { register, noSale: id, userId: actor.userId, approvedBy, reason });
      return { id, register, at, approvedBy };
    })
    .immediate();
}
