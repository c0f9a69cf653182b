/**
 * Checks a staff member's credentials and starts their session.
 * Takes the same time whether or not the account exists; refuses disabled
 * accounts the same way as a wrong password. The session id is rotated.
 */
import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'

export async function signIn(ctx: HttpContext, email: string, password: string) {
  let user: User
  try {
    user = await User.verifyCredentials(email.trim().toLowerCase(), password)
  } catch {
    return null
  }
  if (user.isDisabled) return null
  await ctx.auth.use('web').login(user)
  return user
}
