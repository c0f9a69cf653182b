import type { HttpContext } from '@adonisjs/core/http'
import { signInValidator } from '#validators/sign_in'
import { signIn } from '#services/sign_in'

/** Signing in and out of the national console. */
export default class SessionController {
  create({ view }: HttpContext) {
    return view.render('pages/admin/sign_in')
  }

  async store(ctx: HttpContext) {
    const { email, password } = await ctx.request.validateUsing(signInValidator)
    const user = await signIn(ctx, email, password)
    if (!user) {
      ctx.session.flashExcept(['password', '_csrf'])
      ctx.session.flashValidationErrors({
        code: 'E_VALIDATION_ERROR',
        messages: [{ field: 'email', message: ctx.i18n.t('messages.signIn.invalid') }],
      } as never)
      return ctx.response.redirect().back()
    }
    return ctx.response.redirect('/')
  }

  async destroy({ auth, response }: HttpContext) {
    await auth.use('web').logout()
    return response.redirect('/sign-in')
  }
}
