/**
 * The one error type of Kassa. `code` is stable (scripts and tests match on it),
 * `message` is for a person, `hint` says what to do next.
 */
export type ErrorCode =
  | 'USAGE'
  | 'INVALID_AMOUNT'
  | 'INVALID_QUANTITY'
  | 'INVALID_GTIN'
  | 'INVALID_SETTING'
  | 'UNKNOWN_SETTING'
  | 'DB_TOO_NEW'
  | 'DB_NOT_FOUND'
  | 'DB_OPEN_FAILED'
  | 'MIGRATION_FAILED'
  | 'PRODUCT_NOT_FOUND'
  | 'IMPORT_FORMAT_UNKNOWN'
  | 'IMPORT_ROW_INVALID'
  | 'IMPORT_FILE_UNREADABLE'
  | 'CSV_MALFORMED'
  | 'AUDIT_FAILED'
  | 'USER_NOT_FOUND'
  | 'INVALID_PIN'
  | 'WRONG_PIN'
  | 'USER_LOCKED'
  | 'INVALID_DISCOUNT'
  | 'INSUFFICIENT_PAYMENT'
  | 'SALE_NOT_FOUND'
  | 'SHIFT_OPEN'
  | 'NO_OPEN_SHIFT'
  | 'LINE_NOT_FOUND'
  | 'ALREADY_PAID'
  | 'OVERPAID'
  | 'INVALID_QR_PAYMENT'
  | 'APPROVAL_REQUIRED'
  | 'NOT_A_MANAGER'
  | 'CART_NOT_FOUND'
  | 'CART_NOT_OPEN'
  | 'NOTHING_TO_REFUND'
  | 'NOT_ON_RECEIPT'
  | 'REFUND_TOO_MUCH'
  | 'NO_TERMINAL'
  | 'NO_IBAN'
  | 'PAYMENT_DECLINED'
  | 'PAYMENT_CANCELLED'
  | 'PAYMENT_TIMEOUT'
  | 'INVALID_DEVICE'
  | 'DEVICE_NOT_CONFIGURED'
  | 'DEVICE_UNREACHABLE'
  | 'DEVICE_PERMISSION'
  | 'DEVICE_TIMEOUT'
  | 'DEVICE_ABORTED'
  | 'DEVICE_DISCONNECTED'
  | 'DEVICE_FAILED'
  | 'PRINT_JOB_NOT_FOUND'
  | 'Z_NOT_FOUND'
  | 'DEVICE_BUSY'
  | 'SCALE_UNSTABLE'
  | 'SCALE_UNDER_MINIMUM'
  | 'SCALE_OVERLOAD'
  | 'SCALE_EMPTY'
  | 'SCALE_NO_PRICE'
  | 'PRINTER_NOT_READY'
  | 'JOURNAL_UNBALANCED'
  | 'ACCOUNT_NOT_MAPPED'
  | 'EXPORT_CHECK_FAILED'
  | 'OUTPUT_FAILED';

export class KassaError extends Error {
  override readonly name = 'KassaError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function isKassaError(e: unknown): e is KassaError {
  return e instanceof KassaError;
}

/** Any failure as a KassaError: a device's or the system's own error becomes `code` with its message. */
export function asKassaError(e: unknown, code: ErrorCode = 'DEVICE_FAILED'): KassaError {
  return isKassaError(e) ? e : new KassaError(code, (e as Error)?.message ?? String(e));
}
