import type { HttpContext } from '@adonisjs/core/http'
import ModerationReason from '#models/moderation_reason'
import StoryTag, { TAG_QUESTIONS } from '#models/story_tag'
import {
  deleteReason,
  deleteTag,
  saveReason,
  saveTag,
  setRetention,
  setSafeguardingEmail,
} from '#services/moderation/moderation_policy'
import {
  reasonValidator,
  retentionValidator,
  safeguardingValidator,
  tagValidator,
} from '#validators/moderation'
import { idParam } from '#lib/params'
import { providerReviewSettingsOf } from '#services/moderation/provider_review_settings'
import { refusalsGoTo } from '#exceptions/domain_error'

const SETTINGS = '/staff/settings/moderation'

/**
 * Tenant admins manage the tag lists, the rejection reasons, the retention
 * period and the safeguarding contact.
 */
export default class ModerationSettingsController {
  async show(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const tags = await StoryTag.query().orderBy('position').orderBy('label')
    return ctx.view.render('pages/staff/moderation/settings', {
      tagGroups: TAG_QUESTIONS.map((question) => ({
        question,
        tags: tags.filter((tag) => tag.question === question),
      })),
      questions: TAG_QUESTIONS,
      reasons: await ModerationReason.query().orderBy('position').orderBy('label'),
      retentionDays: ctx.tenant!.retentionDays,
      safeguardingEmail: ctx.tenant!.safeguardingEmail,
      contactEmail: ctx.tenant!.contactEmail,
      providerReview: providerReviewSettingsOf(ctx.tenant!),
      serviceKinds: ctx.tenant!.serviceKinds,
    })
  }

  async storeTag(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const input = await ctx.request.validateUsing(tagValidator)
    refusalsGoTo(ctx, SETTINGS)
    await saveTag(input, ctx.auth.user!)
    return this.saved(ctx)
  }

  async updateTag(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const input = await ctx.request.validateUsing(tagValidator)
    refusalsGoTo(ctx, SETTINGS)
    await saveTag(input, ctx.auth.user!, this.id(ctx))
    return this.saved(ctx)
  }

  async destroyTag(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    refusalsGoTo(ctx, SETTINGS)
    await deleteTag(this.id(ctx), ctx.auth.user!)
    return this.saved(ctx)
  }

  async storeReason(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const input = await ctx.request.validateUsing(reasonValidator)
    refusalsGoTo(ctx, SETTINGS)
    await saveReason(input, ctx.auth.user!)
    return this.saved(ctx)
  }

  async updateReason(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const input = await ctx.request.validateUsing(reasonValidator)
    refusalsGoTo(ctx, SETTINGS)
    await saveReason(input, ctx.auth.user!, this.id(ctx))
    return this.saved(ctx)
  }

  async destroyReason(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    refusalsGoTo(ctx, SETTINGS)
    await deleteReason(this.id(ctx), ctx.auth.user!)
    return this.saved(ctx)
  }

  async updateRetention(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const { retentionDays } = await ctx.request.validateUsing(retentionValidator)
    refusalsGoTo(ctx, SETTINGS)
    await setRetention(retentionDays, ctx.auth.user!)
    return this.saved(ctx)
  }

  async updateSafeguarding(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const { safeguardingEmail } = await ctx.request.validateUsing(safeguardingValidator)
    refusalsGoTo(ctx, SETTINGS)
    await setSafeguardingEmail(safeguardingEmail, ctx.auth.user!)
    return this.saved(ctx)
  }

  private id(ctx: HttpContext) {
    return idParam(ctx.params)
  }

  /* A refusal comes back to the page with its reason (the exception handler). */
  private saved(ctx: HttpContext) {
    ctx.session.flash('success', ctx.i18n.t('moderation.settings.saved'))
    return ctx.response.redirect(SETTINGS)
  }
}
