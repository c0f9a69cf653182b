/**
 * Every error of the public API (/api/v1) as RFC 9457 problem details,
 * each kind with its own stable `type` (a URI reference to its entry on the
 * documentation page, the same on every tenant's host) and a title in the
 * reader's language. The exception handler renders them; domain code
 * throws DomainError as everywhere else, and its key picks the type.
 */
import type { HttpContext } from '@adonisjs/core/http'
import { DomainError, problemsIn } from '#exceptions/domain_error'

/** The problem types: slug → HTTP status (documented at /api, tested against the OpenAPI document). */
export const PROBLEM_TYPES = {
  'bad-request': 400,
  'invalid-parameter': 400,
  'unstorable-input': 400,
  'invalid-key': 401,
  'key-required': 401,
  'insufficient-scope': 403,
  'outside-key-services': 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'idempotency-key-in-progress': 409,
  'body-too-large': 413,
  'unsupported-media-type': 415,
  'invalid-body': 422,
  'idempotency-key-reused': 422,
  'refused': 422,
  'rate-limited': 429,
  'server-error': 500,
  'unavailable': 503,
} as const
export type ProblemType = keyof typeof PROBLEM_TYPES

export function problemTypeUri(type: ProblemType) {
  return `/api#problem-${type}`
}

/** DomainError keys of the API that name their own problem type. */
const TYPE_OF_KEY: Record<string, ProblemType> = {
  'api.errors.invalidKey': 'invalid-key',
  'api.errors.keyRequired': 'key-required',
  'api.errors.scope': 'insufficient-scope',
  'api.errors.outsideKeyServices': 'outside-key-services',
  'api.errors.notFound': 'not-found',
  'api.errors.parameter': 'invalid-parameter',
  'api.errors.rateLimited': 'rate-limited',
  'api.errors.idempotencyReused': 'idempotency-key-reused',
  'api.errors.idempotencyInProgress': 'idempotency-key-in-progress',
  'api.errors.mediaType': 'unsupported-media-type',
}

export type Problem = {
  type: string
  status: number
  title: string
  detail?: string
  code?: string
  errors?: { field: string; detail: string }[]
}

type Translate = { t(key: string, data?: Record<string, unknown>): string }

function typeOfStatus(status: number): ProblemType {
  if (status === 401) return 'invalid-key'
  if (status === 404) return 'not-found'
  if (status === 405) return 'method-not-allowed'
  if (status === 413) return 'body-too-large'
  if (status === 415) return 'unsupported-media-type'
  if (status === 422) return 'invalid-body'
  if (status === 429) return 'rate-limited'
  if (status === 503) return 'unavailable'
  return status >= 500 ? 'server-error' : 'bad-request'
}

/** The problem an error of an API request is. `refusal` words a DomainError. */
export function problemOf(
  error: unknown,
  i18n: Translate,
  refusal: (error: DomainError) => string
): Problem {
  const title = (type: ProblemType) => i18n.t(`api.problems.${type}`)
  if (error instanceof DomainError) {
    const type =
      TYPE_OF_KEY[error.key] ?? (error.status === 422 ? 'refused' : typeOfStatus(error.status))
    const detail = error.problems.length ? null : refusal(error)
    const errors = error.problems.length
      ? problemsIn(error, i18n).map((problem) => ({
          field: problem.field,
          detail: problem.message,
        }))
      : error.field
        ? [{ field: error.field, detail: detail ?? '' }]
        : []
    return {
      type: problemTypeUri(type),
      status: error.status,
      title: title(type),
      ...(detail ? { detail } : {}),
      ...(error.key ? { code: error.key } : {}),
      ...(errors.length ? { errors } : {}),
    }
  }
  const { code, status, messages, field } = error as {
    code?: string
    status?: number
    messages?: { field: string; message: string }[]
    field?: string
  }
  if (code === 'E_VALIDATION_ERROR' && Array.isArray(messages)) {
    return {
      type: problemTypeUri('invalid-body'),
      status: 422,
      title: title('invalid-body'),
      errors: messages.map((message) => ({ field: message.field, detail: message.message })),
    }
  }
  if (code === 'E_UNSTORABLE_INPUT') {
    return {
      type: problemTypeUri('unstorable-input'),
      status: 400,
      title: title('unstorable-input'),
      detail: i18n.t('messages.errors.unstorableDetail', { field }),
    }
  }
  const known = typeof status === 'number' && status >= 400 && status < 600 ? status : 500
  const type = code === 'E_ROUTE_NOT_FOUND' ? 'not-found' : typeOfStatus(known)
  return { type: problemTypeUri(type), status: known, title: title(type) }
}

/** Requests of the public API: answered with problem details, whatever they accept. */
export function isApiRequest(ctx: HttpContext) {
  const url = ctx.request.url()
  return url === '/api/v1' || url.startsWith('/api/v1/')
}
