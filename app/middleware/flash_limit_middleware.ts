import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Far above the longest field a form accepts (a 1,500-word story is about 10,000 characters). */
export const MAX_FLASHED_FIELD_CHARS = 20_000
/** All fields of one form together. */
export const MAX_FLASHED_TOTAL_CHARS = 60_000

const sizeOf = (value: unknown) =>
  typeof value === 'string' ? value.length : (JSON.stringify(value) ?? '').length

/**
 * A refused form comes back with what was typed in it, through the session.
 * This caps how much of it is kept there: a field longer than any form
 * accepts is not brought back (validation refuses it anyway), and its
 * error says so first, so the person knows why the box is empty; every
 * other field comes back as typed. Runs after the request, before the
 * session is saved.
 */
export default class FlashLimitMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await next()
    const flash =
      ctx.session?.initiated && !ctx.session.readonly ? ctx.session.responseFlashMessages : null
    const input = flash?.get('input')
    if (!flash || !input || typeof input !== 'object') return

    const sizes = Object.entries(input as Record<string, unknown>).map(([field, value]) => ({
      field,
      size: sizeOf(value),
    }))
    const dropped = new Set(
      sizes.filter(({ size }) => size > MAX_FLASHED_FIELD_CHARS).map(({ field }) => field)
    )
    let total = sizes
      .filter(({ field }) => !dropped.has(field))
      .reduce((sum, { size }) => sum + size, 0)
    for (const { field, size } of [...sizes].sort((a, b) => b.size - a.size)) {
      if (total <= MAX_FLASHED_TOTAL_CHARS) break
      if (dropped.has(field)) continue
      dropped.add(field)
      total -= size
    }
    if (dropped.size === 0) return

    const kept = Object.fromEntries(Object.entries(input).filter(([field]) => !dropped.has(field)))
    const errors = { ...((flash.get('inputErrorsBag') as Record<string, string[]>) ?? {}) }
    for (const { field, size } of sizes.filter((entry) => dropped.has(entry.field))) {
      const message = ctx.i18n
        ? ctx.i18n.t('messages.form.tooLongToKeep', { length: size })
        : `Too long to bring back (${size} characters)`
      errors[field] = [message, ...(errors[field] ?? [])]
    }
    flash.set('input', kept)
    flash.set('inputErrorsBag', errors)
  }
}
