import vine from '@vinejs/vine'
import i18nManager from '@adonisjs/i18n/services/main'

export const languageValidator = vine.create(
  vine.object({
    locale: vine.string().in(() => i18nManager.supportedLocales()),
    return_to: vine.string().maxLength(2000).optional(),
  })
)
