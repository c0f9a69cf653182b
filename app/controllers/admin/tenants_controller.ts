import type { HttpContext } from '@adonisjs/core/http'
import i18nManager from '@adonisjs/i18n/services/main'
import {
  createTenant,
  findTenantWithDomains,
  listTenants,
  updateTenant,
} from '#services/tenants/manage_tenants'
import { formFieldFor, tenantFormToChanges } from '#validators/tenant'
import { refusalFieldsAs } from '#exceptions/domain_error'
import { deployment } from '#lib/deployment'
import { figuresOf, platformFigures } from '#services/insights/platform_figures'

/**
 * National console: the list of tenants, creating and editing one. A
 * refused change goes back to the form with each message beside its field
 * (the exception handler; the form's fields are named by `formFieldFor`).
 */
export default class TenantsController {
  async index({ view }: HttpContext) {
    const figures = await platformFigures()
    return view.render('pages/admin/tenants/index', {
      tenants: await listTenants(),
      deployment: deployment(),
      figuresOf: (tenantId: number) => figuresOf(figures, tenantId),
    })
  }

  create({ view }: HttpContext) {
    return view.render('pages/admin/tenants/create')
  }

  async store(ctx: HttpContext) {
    const input = ctx.request.only(['slug', 'name', 'domain', 'locale', 'adminEmail'])
    refusalFieldsAs(ctx, formFieldFor)
    const tenant = await createTenant(input)
    const done = input.adminEmail
      ? ctx.i18n.t('messages.admin.tenantCreatedInvited', {
          name: tenant.name,
          email: String(input.adminEmail).trim().toLowerCase(),
        })
      : ctx.i18n.t('messages.admin.tenantCreated', { name: tenant.name })
    ctx.session.flash('success', done)
    return ctx.response.redirect(`/tenants/${tenant.slug}`)
  }

  async edit(ctx: HttpContext) {
    return ctx.view.render('pages/admin/tenants/edit', {
      tenant: await findTenantWithDomains(ctx.params.slug),
      languageChoicesAll: i18nManager.supportedLocales(),
    })
  }

  async update(ctx: HttpContext) {
    const changes = tenantFormToChanges(ctx.request.all())
    refusalFieldsAs(ctx, formFieldFor)
    const tenant = await updateTenant(ctx.params.slug, changes)
    ctx.session.flash('success', ctx.i18n.t('messages.admin.tenantSaved', { name: tenant.name }))
    return ctx.response.redirect(`/tenants/${tenant.slug}`)
  }
}
