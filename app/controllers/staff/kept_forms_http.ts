/**
 * The HTTP side of app/services/accounts/kept_forms.ts: when a staff form is posted
 * after the session has ended, keep what was typed, send the person to
 * sign in with the page to come back to, and after they sign in give the
 * text back on that page. The kept form's token travels in a short-lived
 * cookie of its own: the session that would have carried it is gone.
 */
import type { HttpContext } from '@adonisjs/core/http'
import type User from '#models/user'
import { KEPT_MINUTES, keepForm, takeKeptForm } from '#services/accounts/kept_forms'
import { tenancy } from '#tenancy/context'

const KEPT_COOKIE = 'carevoice-kept-form'
/** Which account this browser last signed in as, so kept text goes back to that account only. */
const STAFF_USER_COOKIE = 'carevoice-staff-user'
const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, path: '/staff' }

/** Staff forms of a signed-in person: not the sign-in, password and invitation pages. */
function isSignedInStaffForm(path: string) {
  return (
    path.startsWith('/staff/') &&
    !/^\/staff\/(sign-in|sign-out|password\/|invitations\/)/.test(path)
  )
}

/** The staff page the form was on (from the Referer, this host only), else staff home. */
function formPage(ctx: HttpContext) {
  try {
    const referrer = new URL(ctx.request.header('referer') ?? '')
    const page = referrer.pathname + referrer.search
    if (referrer.host === ctx.request.host() && isSignedInStaffForm(page) && page.length <= 500)
      return page
  } catch {}
  return '/staff'
}

/** True when this request posts a staff form and nobody is signed in: its text is worth keeping. */
export function isLostStaffPost(ctx: HttpContext) {
  return (
    Boolean(ctx.tenant) &&
    !['GET', 'HEAD'].includes(ctx.request.method()) &&
    isSignedInStaffForm(ctx.request.url()) &&
    ctx.request.accepts(['html', 'json']) !== 'json'
  )
}

/** Keeps the posted fields and sends the person to sign in, then back to the form's page. */
export async function keepFormForSignIn(ctx: HttpContext) {
  const returnPath = formPage(ctx)
  const remembered = Number(ctx.request.cookie(STAFF_USER_COOKIE))
  /* Entered again: the exception handler runs outside the request's tenant context. */
  const token = await tenancy.run(ctx.tenant!, () =>
    keepForm({
      returnPath,
      fields: ctx.request.all(),
      userId: Number.isInteger(remembered) && remembered > 0 ? remembered : null,
    })
  )
  ctx.response.cookie(KEPT_COOKIE, token, { ...cookieOptions, maxAge: `${KEPT_MINUTES}m` })
  ctx.session.put('after_sign_in', returnPath)
  ctx.session.flash('error', ctx.i18n.t('messages.keptForm.signedOut', { minutes: KEPT_MINUTES }))
  return ctx.response.redirect('/staff/sign-in')
}

/**
 * Just signed in, on the way to `wanted`: remember the account, and when a
 * form was kept for that page, flash its fields so the page shows them again.
 */
export async function restoreKeptForm(ctx: HttpContext, user: User, wanted: string) {
  if (!ctx.tenant) return
  ctx.response.cookie(STAFF_USER_COOKIE, String(user.id), { ...cookieOptions, maxAge: '1d' })
  const token = ctx.request.cookie(KEPT_COOKIE)
  if (typeof token !== 'string' || !token) return
  ctx.response.clearCookie(KEPT_COOKIE, cookieOptions)
  const kept = await takeKeptForm(token, user.id)
  if (!kept || kept.returnPath !== wanted) return
  ctx.session.flash(kept.fields as Record<string, string | number | string[]>)
  ctx.session.flash('kept', ctx.i18n.t('messages.keptForm.restored'))
}
