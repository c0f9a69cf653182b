import { I18n } from '@adonisjs/i18n'
import i18nManager from '@adonisjs/i18n/services/main'
import type { NextFn } from '@adonisjs/core/types/http'
import { type HttpContext, RequestValidator } from '@adonisjs/core/http'

export const LOCALE_COOKIE = 'locale'

/**
 * The page language: the visitor's explicit choice (the language switcher's
 * cookie), else their browser's Accept-Language, else the default.
 */
export default class DetectUserLocaleMiddleware {
  static {
    RequestValidator.messagesProvider = (ctx) => ctx.i18n.createMessagesProvider()
  }

  protected requestLocale(ctx: HttpContext) {
    const chosen = ctx.request.plainCookie(LOCALE_COOKIE)
    if (typeof chosen === 'string' && i18nManager.supportedLocales().includes(chosen)) {
      return chosen
    }
    return i18nManager.getSupportedLocaleFor(ctx.request.languages())
  }

  async handle(ctx: HttpContext, next: NextFn) {
    ctx.i18n = i18nManager.locale(this.requestLocale(ctx) ?? i18nManager.defaultLocale)
    ctx.containerResolver.bindValue(I18n, ctx.i18n)
    if ('view' in ctx) {
      ctx.view.share({ i18n: ctx.i18n })
    }
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    i18n: I18n
  }
}
