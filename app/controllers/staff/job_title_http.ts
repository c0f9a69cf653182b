/**
 * A response is signed with a job title, so a responder without one is
 * sent to set it on /staff/account first. What they typed is kept (the
 * kept-forms store, #services/accounts/kept_forms) and given back on the
 * story's page once the title is saved: nothing typed is lost.
 */
import type { HttpContext } from '@adonisjs/core/http'
import { keepForm, takeKeptForm } from '#services/accounts/kept_forms'

const KEPT_RESPONSE = 'checked.keptResponse'

/** Keeps the posted response and sends its writer to set their job title. */
export async function keepResponseForJobTitle(ctx: HttpContext, storyId: number) {
  const token = await keepForm({
    returnPath: `/staff/stories/${storyId}`,
    fields: ctx.request.all(),
    userId: ctx.auth.user!.id,
  })
  ctx.session.put(KEPT_RESPONSE, token)
  ctx.session.flash('error', ctx.i18n.t('checked.jobTitle.needed'))
  return ctx.response.redirect('/staff/account#field-jobTitle')
}

/**
 * After the account is saved with a job title: the kept response goes back
 * to its story's form. Returns the redirect, or null when nothing was kept.
 */
export async function returnToKeptResponse(ctx: HttpContext) {
  const user = ctx.auth.user!
  const token = ctx.session.get(KEPT_RESPONSE)
  if (typeof token !== 'string' || !user.jobTitle) return false
  ctx.session.forget(KEPT_RESPONSE)
  const kept = await takeKeptForm(token, user.id)
  if (!kept) return false
  ctx.session.flash(kept.fields as Record<string, string | number | string[]>)
  ctx.session.flash('success', ctx.i18n.t('checked.jobTitle.saved'))
  ctx.response.redirect(`${kept.returnPath}#respond`)
  return true
}
