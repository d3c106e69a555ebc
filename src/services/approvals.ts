import { MANAGER_ACTION_TEXT, type ManagerAction } from '../core/cart.js';
import { KassaError } from '../core/errors.js';
import { userById } from '../db/users.js';
import type { Ctx } from './context.js';
import { appendJournal } from './journal.js';

/**
 * Who does something: the logged-in user and, when the action needs a manager
 * and the user is a cashier, the manager who approved it. The face (checkout or
 * command line) has checked both PINs with `login` before it calls a service.
 */
export interface Actor {
  userId: number;
  approverId?: number | null;
}

export function roleOf(ctx: Ctx, userId: number): 'cashier' | 'manager' | 'admin' {
  const u = userById(ctx.db, userId);
  if (!u) throw new KassaError('USER_NOT_FOUND', `no user with id ${userId}`, 'see `kassa users list`');
  return u.role;
}

/**
 * Check that `actor` may do every action in `needs` before anything is taken or
 * written. Returns who approved (the user when they are a manager themselves,
 * else the approver), or null when nothing needs a manager.
 */
export function checkApproval(ctx: Ctx, actor: Actor, needs: ReadonlySet<ManagerAction>): number | null {
  if (needs.size === 0) return null;
  if (roleOf(ctx, actor.userId) !== 'cashier') return actor.userId;
  const what = [...needs].map((n) => MANAGER_ACTION_TEXT[n]).join(' and ');
  if (actor.approverId == null) {
    throw new KassaError('APPROVAL_REQUIRED', `${what} needs a manager`, 'a manager approves with --approver ID --approver-pin-file FILE');
  }
  if (actor.approverId === actor.userId) throw new KassaError('APPROVAL_REQUIRED', 'a cashier cannot approve their own request', 'ask a manager');
  if (roleOf(ctx, actor.approverId) === 'cashier') {
    throw new KassaError('NOT_A_MANAGER', `user ${actor.approverId} is a cashier and cannot approve ${what}`, 'ask a manager or an admin');
  }
  return actor.approverId;
}

/** Journal the approval (inside the transaction of what it approves). */
export function journalApproval(ctx: Ctx, actor: Actor, approvedBy: number | null, needs: ReadonlySet<ManagerAction>, subject: Record<string, unknown>): void {
  if (approvedBy === null || approvedBy === actor.userId || needs.size === 0) return;
  appendJournal(ctx, 'approval.granted', { approverId: approvedBy, userId: actor.userId, actions: [...needs].sort(), ...subject });
}
