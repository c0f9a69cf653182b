import { I18n } from '@adonisjs/i18n'
import i18nManager from '@adonisjs/i18n/services/main'
import type { NextFn } from '@adonisjs/core/types/http'
import { type HttpContext, RequestValidator } from '@adonisjs/core/http'

export const LOCALE_COOKIE = 'locale'

/** The languages a page may be shown in: the tenant's, within what we ship. */
export function languagesFor(ctx: HttpContext) {
  const shipped = i18nManager.supportedLocales()
  const tenant = ctx.tenant
  if (!tenant) return { choices: shipped, fallback: i18nManager.defaultLocale }
  const choices = tenant.enabledLocales.filter((locale) => shipped.includes(locale))
  return {
    choices: choices.length ? choices : [i18nManager.defaultLocale],
    fallback: choices.includes(tenant.defaultLocale)
      ? tenant.defaultLocale
      : i18nManager.defaultLocale,
  }
}

/**
 * The page language: the visitor's explicit choice (the language switcher's
 * cookie), else their browser's Accept-Language, else the tenant's default.
 */
export default class DetectUserLocaleMiddleware {
  static {
    RequestValidator.messagesProvider = (ctx) => ctx.i18n.createMessagesProvider()
  }

  protected requestLocale(ctx: HttpContext, choices: string[]) {
    const chosen = ctx.request.plainCookie(LOCALE_COOKIE)
    if (typeof chosen === 'string' && choices.includes(chosen)) return chosen
    const accepted = ctx.request.languages()
    return accepted.length ? ctx.request.language(choices) : null
  }

  async handle(ctx: HttpContext, next: NextFn) {
    const { choices, fallback } = languagesFor(ctx)
    ctx.i18n = i18nManager.locale(this.requestLocale(ctx, choices) ?? fallback)
    ctx.containerResolver.bindValue(I18n, ctx.i18n)
    if ('view' in ctx) {
      ctx.view.share({ i18n: ctx.i18n, languageChoices: choices })
    }
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    i18n: I18n
  }
}
