/**
 * The payment terminal as the sale sees it (DESIGN.md, "Devices"): Kassa sends an
 * amount and a reference and stores only what comes back. Card data never passes
 * through Kassa. Drivers: `manual` (a standalone terminal; the cashier confirms
 * its result), `simulator` (demo and tests) and `zvt` (a ZVT card terminal over
 * TCP, zvt/driver.ts).
 */

export interface PaymentRequest {
  kind: 'payment' | 'refund';
  amountCents: number; // always positive: a refund says so by its kind
  currency: string; // 'EUR'
  reference: string; // shown on the terminal and its receipt: the sale's reference
}

/** What a terminal reports while it works, for the screen. */
export type TerminalState = 'connecting' | 'waiting_for_card' | 'processing' | 'waiting_for_cashier';

export interface TerminalStatus {
  state: TerminalState;
  message: string; // the terminal's own words where it has them, else ours
}

export type TerminalOutcome =
  | {
      status: 'approved';
      brand: string | null; // 'Maestro', 'Visa'
      maskedPan: string | null; // never more than the first 6 and the last 4 digits
      authCode: string | null;
      terminalReceipt: string[]; // the terminal's receipt lines, to print with ours
    }
  | { status: 'declined'; reason: string }
  | { status: 'cancelled'; reason: string } // by the customer, the cashier, or an AbortSignal
  | { status: 'timeout'; reason: string }; // no answer within the timeout: the outcome is unknown

export interface PayOptions {
  signal?: AbortSignal;
  onStatus?: (s: TerminalStatus) => void;
}

export interface PaymentTerminal {
  readonly driver: string;
  /** Never rejects for a refusal: declines, cancels and timeouts are outcomes. Rejects only on a programming error. */
  pay(req: PaymentRequest, opts?: PayOptions): Promise<TerminalOutcome>;
  /** Let go of the terminal (its connection): once per session, when the till is done with it. */
  close?(): Promise<void>;
}
