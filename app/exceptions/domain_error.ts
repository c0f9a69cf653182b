import { DateTime } from 'luxon'
import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'
import i18nManager from '@adonisjs/i18n/services/main'

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
 * either already worded (by a validator, for the operator) or as an i18n
 * key with its values, worded in the reader's language when rendered;
 * `wording` is an already worded text for a single refusal.
 * The error's `message` is the refusal in British English, for ace
 * commands (which print it as their one line) and the log.
 */
export class DomainError extends Exception {
  static status = 422
  static code = 'E_DOMAIN_REFUSED'

  readonly key: string
  readonly values: Record<string, unknown>
  readonly field: string | null
  readonly problems: Problem[]
  readonly wording: string | null

  constructor(
    key: string,
    options: {
      values?: Record<string, unknown>
      field?: string | null
      status?: number
      problems?: Problem[]
      wording?: string
    } = {}
  ) {
    const problems = options.problems ?? []
    const wording =
      options.wording ??
      (problems.length && problems.every((p) => 'message' in p)
        ? problems.map((p) => (p as WordedProblem).message).join('; ')
        : null)
    super(
      wording ??
        englishText({ key, values: options.values ?? {}, wording: null, problems } as DomainError),
      { status: options.status ?? DomainError.status, code: DomainError.code }
    )
    this.key = key
    this.values = options.values ?? {}
    this.field = options.field ?? null
    this.problems = problems
    this.wording = wording
  }

  /** The problems worded in British English, field by field. */
  get messages() {
    return i18nManager ? problemsIn(this, i18nManager.locale('en-GB')) : []
  }
}

export type WordedProblem = { field: string; message: string }
export type KeyedProblem = { field: string; key: string; values?: Record<string, unknown> }
export type Problem = WordedProblem | KeyedProblem

type Translator = { t(key: string, data?: Record<string, unknown>): string }

/** Dates and times among the values shown as the clock time in `timeZone`. */
function shown(values: Record<string, unknown>, timeZone: string) {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      DateTime.isDateTime(value) ? value.setZone(timeZone).toFormat('HH:mm') : value,
    ])
  )
}

/** Each problem worded in a language (an I18n), field by field. */
export function problemsIn(
  error: DomainError,
  i18n: Translator,
  timeZone = 'Europe/London'
): WordedProblem[] {
  return error.problems.map((problem) =>
    'message' in problem
      ? problem
      : {
          field: problem.field,
          message: i18n.t(problem.key, shown(problem.values ?? {}, timeZone)),
        }
  )
}

/** The refusal in a language (an I18n), times shown in `timeZone`. */
export function refusalText(error: DomainError, i18n: Translator, timeZone = 'Europe/London') {
  if (error.wording) return error.wording
  if (!error.key && error.problems.length) {
    return problemsIn(error, i18n, timeZone)
      .map((problem) => problem.message)
      .join('; ')
  }
  return i18n.t(error.key, shown(error.values, timeZone))
}

/** The refusal in the operators' language; the key itself before the catalogs load. */
function englishText(error: DomainError) {
  if (!i18nManager) return error.key
  return refusalText(error, i18nManager.locale('en-GB'))
}

/** Where the forms of this request go back to when a domain rule refuses them. */
export function refusalsGoTo(ctx: HttpContext, path: string) {
  ctx.refusalPath = path
}

/**
 * How this request's form names the fields a refusal is about, when its
 * fields are named otherwise than the operation's input (the national
 * console's flat tenant form for `theme.colours.brand`).
 */
export function refusalFieldsAs(ctx: HttpContext, formField: (field: string) => string) {
  ctx.refusalField = formField
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    refusalPath?: string
    refusalField?: (field: string) => string
  }
}
