/**
 * The one rule for text that comes in from outside (HTTP requests and ace
 * command arguments): it must be text PostgreSQL can store and a person can
 * read. That excludes NUL (PostgreSQL refuses it in text), the other
 * invisible C0 control characters, lone UTF-16 surrogates (they cannot be
 * written as UTF-8) and percent-escapes that do not decode to valid UTF-8.
 * Tab, line feed and carriage return are allowed where text is multi-line.
 *
 * Input breaking the rule is refused rather than cleaned: silently dropping
 * characters would change a password, a token or an email address into a
 * different one, and would change a story without its author knowing.
 */

/* Matching control characters is the point of these two. */
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001F]/g
const PERCENT_RUN = /(?:%[0-9a-fA-F]{2})+/g
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** Whether `value` may be stored as text; `singleLine` also refuses tab, CR and LF. */
export function isStorableText(value: string, options: { singleLine?: boolean } = {}) {
  if (!value.isWellFormed()) return false
  if (options.singleLine) return value.search(ANY_CONTROL) === -1
  return !CONTROL_EXCEPT_WHITESPACE.test(value)
}

/** `value` safe to show in a message: bad characters masked, at most 100 long. */
export function maskUnstorable(value: string) {
  return value.toWellFormed().replace(ANY_CONTROL, '?').slice(0, 100)
}

/**
 * The name of the first field of a parsed body, query string or parameter
 * list (nested objects and arrays included, keys too) that is not storable
 * text, or null when every one is.
 */
export function firstUnstorableField(
  value: unknown,
  options: { singleLine?: boolean } = {},
  path = ''
): string | null {
  if (typeof value === 'string') return isStorableText(value, options) ? null : path || '(value)'
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = firstUnstorableField(item, options, `${path}[${index}]`)
      if (found) return found
    }
    return null
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key
      if (!isStorableText(key, { singleLine: true })) return field
      const found = firstUnstorableField(item, options, field)
      if (found) return found
    }
  }
  return null
}

/**
 * Whether every run of percent-escapes in a raw URL or form body decodes to
 * valid UTF-8. The query-string parser keeps an undecodable escape such as
 * `%ED%A0%80` (a surrogate) as literal text, so it must be caught raw.
 */
export function percentEscapesAreUtf8(raw: string) {
  for (const [run] of raw.matchAll(PERCENT_RUN)) {
    const bytes = Uint8Array.from(run.slice(1).split('%'), (hex) => Number.parseInt(hex, 16))
    try {
      strictUtf8.decode(bytes)
    } catch {
      return false
    }
  }
  return true
}
