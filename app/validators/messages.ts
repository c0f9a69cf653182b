import type { I18n } from '@adonisjs/i18n'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'

/**
 * Validation messages for one form: `validator.<form>.<field>.<rule>` from
 * the catalogs when the form words it its own way (the public story form
 * speaks to the author: "Choose your age group"), otherwise the shared
 * catalog messages (`validator.shared`) that every form gets.
 */
export function formMessages(i18n: I18n, form: string): MessagesProviderContact {
  const shared = i18n.createMessagesProvider()
  return {
    getMessage(defaultMessage: string, rule: string, field: FieldContext, meta?: any) {
      const own = i18n.resolveIdentifier(`validator.${form}.${field.wildCardPath}.${rule}`)
      if (own) return i18n.formatRawMessage(own.message, { ...meta })
      return shared.getMessage(defaultMessage, rule, field, meta)
    },
  }
}
