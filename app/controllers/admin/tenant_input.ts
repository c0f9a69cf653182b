import type { HttpContext } from '@adonisjs/core/http'
import { TenantInputError } from '#services/tenants/manage_tenants'
import { formFieldFor } from '#validators/tenant'

/**
 * Runs a console action; refused input goes back to the form with each
 * message next to its field and what was typed kept.
 */
export async function withTenantInput(ctx: HttpContext, action: () => Promise<unknown>) {
  try {
    return await action()
  } catch (error) {
    if (!(error instanceof TenantInputError)) throw error
    ctx.session.flashExcept(['_csrf', '_method'])
    ctx.session.flashValidationErrors({
      code: 'E_VALIDATION_ERROR',
      messages: error.messages.map((m) => ({ ...m, field: formFieldFor(m.field) })),
    } as never)
    return ctx.response.redirect().back()
  }
}
