/**
 * Checks an ace command's numeric size flag. Returns the number, or the
 * one-line message to print when it is not a whole number in range.
 */
export function wholeNumberInRange(
  flag: string,
  value: unknown,
  min: number,
  max: number
): { ok: true; value: number } | { ok: false; message: string } {
  const number = Number(value)
  if (Number.isInteger(number) && number >= min && number <= max) return { ok: true, value: number }
  const range = `${min.toLocaleString('en-GB')} to ${max.toLocaleString('en-GB')}`
  return { ok: false, message: `--${flag} must be a whole number from ${range} (got "${value}")` }
}
