import type { HttpContext } from '@adonisjs/core/http'
import Area from '#models/area'
import Service from '#models/service'
import { toCsvLine } from '#lib/csv'
import { chartColour, chartsOf } from '#services/reading/charts'
import { figuresCsvRows, figuresFor, type FiguresScope } from '#services/reading/figures'

type Subject = { scope: FiguresScope; name: string; path: string; below: boolean; slug: string }

/** Figures and charts of the tenant, a service (with its subtree) or an area, and their CSV. */
export default class FiguresController {
  tenant(ctx: HttpContext) {
    return this.page(ctx, this.ofTenant(ctx))
  }

  tenantCsv(ctx: HttpContext) {
    return this.csv(ctx, this.ofTenant(ctx))
  }

  async service(ctx: HttpContext) {
    return this.page(ctx, await this.ofService(ctx))
  }

  async serviceCsv(ctx: HttpContext) {
    return this.csv(ctx, await this.ofService(ctx))
  }

  async area(ctx: HttpContext) {
    return this.page(ctx, await this.ofArea(ctx))
  }

  async areaCsv(ctx: HttpContext) {
    return this.csv(ctx, await this.ofArea(ctx))
  }

  private ofTenant(ctx: HttpContext): Subject {
    return {
      scope: { kind: 'tenant' },
      name: ctx.tenant!.name,
      path: '/',
      below: false,
      slug: ctx.tenant!.slug,
    }
  }

  private async ofService({ params }: HttpContext): Promise<Subject> {
    const service = await Service.findByOrFail('slug', String(params.slug))
    const path = `/services/${service.slug}`
    return {
      scope: { kind: 'service', id: service.id },
      name: service.name,
      path,
      below: true,
      slug: service.slug,
    }
  }

  private async ofArea({ params }: HttpContext): Promise<Subject> {
    const area = await Area.findByOrFail('slug', String(params.slug))
    const path = `/areas/${area.slug}`
    return {
      scope: { kind: 'area', id: area.id },
      name: area.name,
      path,
      below: true,
      slug: area.slug,
    }
  }

  private async page({ view, i18n, tenant }: HttpContext, subject: Subject) {
    const figures = await figuresFor(subject.scope)
    const colour = chartColour(tenant!.theme?.colours?.brand)
    const base = subject.scope.kind === 'tenant' ? '/figures' : `${subject.path}/figures`
    return view.render('pages/public/figures/show', {
      subject,
      figures,
      charts: chartsOf(figures, i18n.t.bind(i18n), colour, i18n.locale),
      csvUrl: `${base}.csv`,
    })
  }

  private async csv({ response }: HttpContext, subject: Subject) {
    const rows = figuresCsvRows(await figuresFor(subject.scope))
    const name = `figures-${subject.slug.replace(/[^a-z0-9-]/gi, '')}.csv`
    return response
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .send(
        rows
          .map((row) => toCsvLine(row.map((cell) => (cell === null ? '' : String(cell)))))
          .join('\r\n') + '\r\n'
      )
  }
}
