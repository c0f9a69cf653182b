import type { DateTime } from 'luxon'
import { I18n } from '@adonisjs/i18n'
import i18nManager from '@adonisjs/i18n/services/main'
import type { NextFn } from '@adonisjs/core/types/http'
import { type HttpContext, RequestValidator } from '@adonisjs/core/http'
import { formatDate, type DateStyle } from '#lib/dates'

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

/** Shows the rest of the request (pages, messages, validation) in `locale`. */
function showIn(ctx: HttpContext, locale: string) {
  ctx.i18n = i18nManager.locale(locale)
  ctx.containerResolver.bindValue(I18n, ctx.i18n)
  if ('view' in ctx) {
    const timeZone = ctx.tenant?.timeZone
    ctx.view.share({
      i18n: ctx.i18n,
      /* `formatDate(story.publishedAt)` in a template: this page's language, the tenant's zone. */
      formatDate: (value: DateTime | Date, style?: DateStyle) =>
        formatDate(value, locale, style, timeZone),
    })
  }
}

/**
 * Staff pages are shown in the staff member's own language (chosen on
 * /staff/account) when this site offers it; without one, the visitor's
 * choice below applies. The layout then points to the account page instead
 * of offering a switcher that would not change anything.
 */
export function showInAccountLocale(ctx: HttpContext, user: { locale: string | null }) {
  if (!user.locale || !languagesFor(ctx).choices.includes(user.locale)) return
  showIn(ctx, user.locale)
  if ('view' in ctx) ctx.view.share({ languageFromAccount: true })
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
    showIn(ctx, this.requestLocale(ctx, choices) ?? fallback)
    if ('view' in ctx) ctx.view.share({ languageChoices: choices })
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    i18n: I18n
  }
}
