import { readFile } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import Area from '#models/area'
import Service, { SERVICE_STATUS } from '#models/service'
import { areaValidator, mergeValidator, serviceValidator } from '#validators/directory'
import {
  createService,
  mergeService,
  saveArea,
  setServiceStatus,
  updateService,
} from '#services/directory/manage_directory'
import {
  parseCursor,
  searchServices,
  servicesByLetter,
} from '#services/directory/directory_queries'
import { importDirectory } from '#services/directory/directory_import'
import { idParam } from '#lib/params'

/** A tenant admin's pages for the service directory. */
export default class DirectoryController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const q = String(ctx.request.input('q') ?? '').slice(0, 100)
    const listing = q
      ? { services: await searchServices(q, 50), next: null }
      : await servicesByLetter(
          String(ctx.request.input('letter') ?? ''),
          parseCursor(ctx.request.input('after'))
        )
    return ctx.view.render('pages/staff/directory/index', { q, ...listing })
  }

  async create(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    return ctx.view.render('pages/staff/directory/service_form', await this.formData(ctx, null))
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const input = await ctx.request.validateUsing(serviceValidator)
    const service = await createService(input, ctx.auth.user!)
    return this.saved(ctx, `/staff/directory/services/${service.id}/edit`)
  }

  async edit(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const service = await Service.query()
      .where('id', idParam(ctx.params))
      .preload('parent')
      .firstOrFail()
    return ctx.view.render('pages/staff/directory/service_form', await this.formData(ctx, service))
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const input = await ctx.request.validateUsing(serviceValidator)
    const service = await updateService(idParam(ctx.params), input, ctx.auth.user!)
    return this.saved(ctx, `/staff/directory/services/${service.id}/edit`)
  }

  async close(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const service = await setServiceStatus(
      idParam(ctx.params),
      SERVICE_STATUS.closed,
      ctx.auth.user!
    )
    return this.saved(ctx, `/staff/directory/services/${service.id}/edit`)
  }

  async reopen(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const service = await setServiceStatus(idParam(ctx.params), SERVICE_STATUS.open, ctx.auth.user!)
    return this.saved(ctx, `/staff/directory/services/${service.id}/edit`)
  }

  async merge(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const { intoRef } = await ctx.request.validateUsing(mergeValidator)
    const service = await mergeService(idParam(ctx.params), intoRef, ctx.auth.user!)
    return this.saved(ctx, `/staff/directory/services/${service.id}/edit`)
  }

  async areas(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const areas = await Area.query().orderBy('name')
    const nameOf = new Map(areas.map((area) => [area.id, area.name]))
    return ctx.view.render('pages/staff/directory/areas', {
      areas: areas.map((area) => ({
        id: area.id,
        name: area.name,
        parentName: nameOf.get(area.parentId ?? 0) ?? '',
      })),
    })
  }

  async saveArea(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const input = await ctx.request.validateUsing(areaValidator)
    await saveArea(ctx.params.id ? idParam(ctx.params) : null, input, ctx.auth.user!)
    return this.saved(ctx, '/staff/directory/areas')
  }

  async importForm(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    return ctx.view.render('pages/staff/directory/import')
  }

  /** Imports the uploaded file's rows of this tenant only; all or nothing. */
  async import(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const file = ctx.request.file('file', { size: '20mb', extnames: ['csv', 'txt'] })
    if (!file || !file.isValid || !file.tmpPath) {
      return ctx.view.render('pages/staff/directory/import', {
        problems: [
          { line: 0, message: file?.errors[0]?.message ?? ctx.i18n.t('directory.chooseFile') },
        ],
      })
    }
    const report = await importDirectory(await readFile(file.tmpPath, 'utf8'), {
      onlyTenant: ctx.tenant!.slug,
    })
    return ctx.view.render('pages/staff/directory/import', report)
  }

  private async formData(ctx: HttpContext, service: Service | null) {
    return { service, areas: await Area.query().orderBy('name'), kinds: ctx.tenant!.serviceKinds }
  }

  /* Refused changes go back to the form, each message next to its field (the exception handler). */
  private saved(ctx: HttpContext, next: string) {
    ctx.session.flash('success', ctx.i18n.t('directory.saved'))
    return ctx.response.redirect(next)
  }
}
