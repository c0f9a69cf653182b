import { DateTime } from 'luxon'
import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'

/**
 * A domain rule refused an operation: the one error type domain code
 * throws for it. It carries what a person needs to understand the refusal
 * in their own language (an i18n key and its values), the form field it is
 * about (if any) and the HTTP status. Domain code knows nothing of HTTP:
 * the exception handler renders it, so controllers catch nothing:
 * - forms go back (to the page the controller named with `refusalsGoTo`,
 *   else the referring page) with what was typed kept, and the message
 *   beside its field (or in the page's error banner when it names none);
 * - JSON clients get RFC 9457 problem details.
 * Input checks that find several problems at once give `problems`, each
 * already worded (by the service, in the reader's language or for the
 * operator); `wording` is such a text for a single refusal.
 */
export class DomainError extends Exception {
  static status = 422
  static code = 'E_DOMAIN_REFUSED'

  readonly key: string
  readonly values: Record<string, unknown>
  readonly field: string | null
  readonly problems: { field: string; message: string }[]
  readonly wording: string | null

  constructor(
    key: string,
    options: {
      values?: Record<string, unknown>
      field?: string | null
      status?: number
      problems?: { field: string; message: string }[]
      wording?: string
    } = {}
  ) {
    const problems = options.problems ?? []
    const wording =
      options.wording ?? (problems.length ? problems.map((p) => p.message).join('; ') : null)
    super(wording ?? key, { status: options.status ?? DomainError.status, code: DomainError.code })
    this.key = key
    this.values = options.values ?? {}
    this.field = options.field ?? null
    this.problems = problems
    this.wording = wording
  }

  /** The problems, for code written before `problems` (same shape). */
  get messages() {
    return this.problems
  }
}

/** The refusal in a language (an I18n), times shown in `timeZone`. */
export function refusalText(
  error: DomainError,
  i18n: { t(key: string, data?: Record<string, unknown>): string },
  timeZone = 'Europe/London'
) {
  const values = Object.fromEntries(
    Object.entries(error.values).map(([name, value]) => [
      name,
      DateTime.isDateTime(value) ? value.setZone(timeZone).toFormat('HH:mm') : value,
    ])
  )
  return error.wording ?? i18n.t(error.key, values)
}

/** Where the forms of this request go back to when a domain rule refuses them. */
export function refusalsGoTo(ctx: HttpContext, path: string) {
  ctx.refusalPath = path
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    refusalPath?: string
  }
}
