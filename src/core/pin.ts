/** A PIN is 4 to 8 digits; the reason when it is not. */
export function pinProblem(pin: string): string | null {
  if (!/^\d+$/.test(pin)) return 'a PIN is digits only';
  if (pin.length < 4 || pin.length > 8) return 'a PIN has 4 to 8 digits';
  return null;
}

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 5;
