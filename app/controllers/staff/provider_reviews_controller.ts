import type { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import { refusalsGoTo } from '#exceptions/domain_error'
import { StaffRights } from '#services/accounts/staff_rights'
import {
  providerReviewList,
  providerReviewPage,
  requestReview,
} from '#services/moderation/provider_review'
import { reviewRequestValidator } from '#validators/provider_review'
import { actingOf } from '#tenancy/request_site'
import { idParam } from '#lib/params'
import { paragraphs } from '#lib/paragraphs'
import { formatDate } from '#lib/dates'

/**
 * A private provider's responders: the stories about their services waiting
 * in provider review, one of them as it will be published, and asking for a
 * review. Stories they do not cover answer 404 (the domain decides).
 */
export default class ProviderReviewsController {
  async index(ctx: HttpContext) {
    const rows = await providerReviewList(ctx.tenant!, this.rights(ctx))
    return ctx.view.render('pages/staff/provider_review/index', {
      rows: rows.map(({ story, review }) => ({
        story,
        review,
        services: story.services.map((service) => service.name).join(', '),
        endsAt: this.time(ctx, review.windowEndsAt),
      })),
    })
  }

  async show(ctx: HttpContext) {
    const page = await providerReviewPage(idParam(ctx.params), ctx.tenant!, this.rights(ctx))
    return ctx.view.render('pages/staff/provider_review/show', {
      ...page,
      paragraphs: paragraphs(page.story.publicBody ?? ''),
      services: page.services.map((service) => service.name).join(', '),
      endsAt: this.time(ctx, page.review.windowEndsAt),
      requestedAt: page.review.requestedAt ? this.time(ctx, page.review.requestedAt) : null,
    })
  }

  async store(ctx: HttpContext) {
    const id = idParam(ctx.params)
    refusalsGoTo(ctx, `/staff/provider-review/${id}`)
    const { reason } = await ctx.request.validateUsing(reviewRequestValidator)
    await requestReview(
      { ...actingOf(ctx), actor: ctx.auth.user! },
      id,
      reason ?? '',
      this.rights(ctx)
    )
    ctx.session.flash('success', ctx.i18n.t('review.requested'))
    return ctx.response.redirect(`/staff/provider-review/${id}`)
  }

  private rights(ctx: HttpContext) {
    return ctx.auth.user!.rights ?? StaffRights.none()
  }

  private time(ctx: HttpContext, time: DateTime) {
    return formatDate(time, ctx.i18n.locale, 'dateTime', ctx.tenant!.timeZone)
  }
}
