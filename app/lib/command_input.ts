import { isStorableText, maskUnstorable } from '#lib/unstorable_text'

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

/**
 * Checks every command-line argument against the input rule of
 * app/lib/unstorable_text.ts (tab and line breaks allowed, for multi-line
 * notices). Returns the one line to print for the first that breaks it,
 * or null. bin/console.ts runs it before any command, so no command
 * needs to remember it.
 */
export function unstorableArgument(argv: string[]): string | null {
  for (const [index, value] of argv.entries()) {
    if (isStorableText(value)) continue
    const previous = argv[index - 1]
    const what = value.startsWith('--')
      ? value.split('=')[0]
      : previous?.startsWith('-')
        ? previous
        : `argument ${index + 1}`
    return `${maskUnstorable(what)} contains characters that cannot be stored ("${maskUnstorable(value)}": a NUL or other control character, or a lone surrogate): remove them and try again`
  }
  return null
}
