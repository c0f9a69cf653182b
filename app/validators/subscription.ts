import vine from '@vinejs/vine'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'
import type { I18n } from '@adonisjs/i18n'
import { SUBSCRIPTION_TARGETS } from '#models/subscription'

/**
 * A subscription request: what to follow (`ref` is a service or area slug,
 * or a tag id; none for the whole site) and where to send the emails.
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
    email: vine.string().trim().maxLength(254).email(),
    website: vine.string().maxLength(200).optional(),
  })
)

/** One clear, translated message per field, whichever rule failed. */
export function subscriptionMessages(i18n: I18n): MessagesProviderContact {
  const byField: Record<string, string> = {
    target: i18n.t('subscriptions.errors.target'),
    ref: i18n.t('subscriptions.errors.ref'),
    email: i18n.t('subscriptions.errors.email'),
  }
  return {
    getMessage: (defaultMessage: string, _rule: string, field: FieldContext) =>
      byField[String(field.name)] ?? defaultMessage,
  }
}
