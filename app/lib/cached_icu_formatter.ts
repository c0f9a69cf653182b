/**
 * The ICU message formatter of @adonisjs/i18n, with each message compiled
 * once per locale instead of on every translation call.
 *
 * The package's formatter builds a new IntlMessageFormat for every `t()`:
 * it parses the message and resolves the locale each time, which a profile
 * of a ward page at a million stories put at 16% of the request's CPU.
 * Messages come from the catalogs, so the set is small and fixed; the cap
 * only guards against a caller formatting unbounded text.
 */
import formatters from '@poppinss/intl-formatter'
import { IntlMessageFormat } from 'intl-messageformat'
import type { TranslationsFormatterContract } from '@adonisjs/i18n/types'

const MESSAGE_VALUE_FORMATTERS = {
  getNumberFormat: formatters.number,
  getDateTimeFormat: formatters.date,
  getPluralRules: formatters.plural,
}
const MAX_PER_LOCALE = 10_000

export class CachedIcuFormatter implements TranslationsFormatterContract {
  readonly name = 'icu'
  #compiled = new Map<string, Map<string, IntlMessageFormat>>()

  format(message: string, locale: string, data?: Record<string, any>): string {
    let messages = this.#compiled.get(locale)
    if (!messages) this.#compiled.set(locale, (messages = new Map()))
    let compiled = messages.get(message)
    if (!compiled) {
      if (messages.size >= MAX_PER_LOCALE) messages.clear()
      compiled = new IntlMessageFormat(message, locale, undefined, {
        formatters: MESSAGE_VALUE_FORMATTERS,
        ignoreTag: true,
      })
      messages.set(message, compiled)
    }
    return compiled.format(data ?? {}) as string
  }

  /** How many messages are compiled for a locale. */
  compiledFor(locale: string) {
    return this.#compiled.get(locale)?.size ?? 0
  }
}
