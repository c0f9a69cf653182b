import vine from '@vinejs/vine'
import type { I18n } from '@adonisjs/i18n'
import type { MessagesProviderContact } from '@vinejs/vine/types'
import { formMessages } from '#validators/messages'

/**
 * A moderator's note to a responder is plain text, emailed and shown as
 * such: markup is refused with a message rather than silently escaped, so
 * the responder reads what the moderator meant.
 */
const PLAIN_TEXT = /^(?![\s\S]*<\/?[a-z!][^<>]*>)[\s\S]*$/i
const note = vine.string().trim().maxLength(2000).regex(PLAIN_TEXT)

export const checkDecisionValidator = vine.create(
  vine.object({
    decision: vine.enum(['approve', 'send_back'] as const),
    body: vine.string().trim().minLength(10).maxLength(6000),
    note: note.optional(),
  })
)

export const resubmitValidator = vine.create(
  vine.object({
    body: vine.string().trim().minLength(10).maxLength(6000),
    changeKind: vine.enum(['planned', 'made'] as const).optional(),
    changeDescription: vine.string().trim().maxLength(2000).optional(),
  })
)

export const checkQueueValidator = vine.create(
  vine.object({ after: vine.string().trim().maxLength(80).optional() })
)

/** This area's wording (`checked.validation.<field>.<rule>`) first, then the response form's. */
export function checkMessages(i18n: I18n): MessagesProviderContact {
  const fallback = formMessages(i18n, 'response')
  return {
    getMessage(defaultMessage, rule, field, meta) {
      const own = i18n.resolveIdentifier(`checked.validation.${field.wildCardPath}.${rule}`)
      if (own) return i18n.formatRawMessage(own.message, { ...meta })
      return fallback.getMessage(defaultMessage, rule, field, meta)
    },
  }
}
