import vine from '@vinejs/vine'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'
import type { I18n } from '@adonisjs/i18n'
import { SUBSCRIPTION_TARGETS } from '#models/subscription'

/**
 * A subscription request: what to follow (`ref` is a service or area slug,
 * or a tag id; `search` a story search's query string; none for the whole site) and where to send the emails.
 * `website` is the honeypot.
 */
export const subscriptionValidator = vine.create(
  vine.object({
    target: vine.enum(SUBSCRIPTION_TARGETS),
    ref: vine
      .string()
      .trim()
      .maxLength(140)
      .regex(/^[a-z0-9-]+$/)
      .optional()
      .requiredWhen('target', 'in', ['service', 'area', 'tag']),
    /* A story search: its query string as /stories has it. */
    search: vine.string().trim().maxLength(2000).optional().requiredWhen('target', '=', 'search'),
    email: vine.string().trim().maxLength(254).email(),
    website: vine.string().maxLength(200).optional(),
  })
)

/** One clear, translated message per field, whichever rule failed. */
export function subscriptionMessages(i18n: I18n): MessagesProviderContact {
  const byField: Record<string, string> = {
    target: i18n.t('subscriptions.errors.target'),
    ref: i18n.t('subscriptions.errors.ref'),
    search: i18n.t('subscriptions.errors.search'),
    email: i18n.t('subscriptions.errors.email'),
  }
  return {
    getMessage: (defaultMessage: string, _rule: string, field: FieldContext) =>
      byField[String(field.name)] ?? defaultMessage,
  }
}
