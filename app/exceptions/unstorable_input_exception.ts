import { Exception } from '@adonisjs/core/exceptions'
import { maskUnstorable } from '#lib/unstorable_text'

/**
 * A request carried text that cannot be stored (see app/lib/unstorable_text.ts).
 * Rendered by the exception handler: a 400 page for people, problem+json
 * for API clients, naming the field but never echoing its value.
 */
export default class UnstorableInputException extends Exception {
  static status = 400
  static code = 'E_UNSTORABLE_INPUT'

  readonly field: string

  constructor(field: string) {
    /* The field's own name may be the bad text: show it with the bad characters masked. */
    const shown = maskUnstorable(field)
    super(`The request's "${shown}" contains characters that cannot be stored`)
    this.field = shown
  }
}
