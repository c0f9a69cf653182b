import type { HttpContext } from '@adonisjs/core/http'
import ModerationReason from '#models/moderation_reason'
import StoryTag, { TAG_QUESTIONS } from '#models/story_tag'
import {
  deleteReason,
  deleteTag,
  PolicyError,
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
    return this.acting(ctx, () => saveTag(input, ctx.auth.user!))
  }

  async updateTag(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const input = await ctx.request.validateUsing(tagValidator)
    return this.acting(ctx, () => saveTag(input, ctx.auth.user!, this.id(ctx)))
  }

  async destroyTag(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    return this.acting(ctx, () => deleteTag(this.id(ctx), ctx.auth.user!))
  }

  async storeReason(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const input = await ctx.request.validateUsing(reasonValidator)
    return this.acting(ctx, () => saveReason(input, ctx.auth.user!))
  }

  async updateReason(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const input = await ctx.request.validateUsing(reasonValidator)
    return this.acting(ctx, () => saveReason(input, ctx.auth.user!, this.id(ctx)))
  }

  async destroyReason(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    return this.acting(ctx, () => deleteReason(this.id(ctx), ctx.auth.user!))
  }

  async updateRetention(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const { retentionDays } = await ctx.request.validateUsing(retentionValidator)
    return this.acting(ctx, () => setRetention(retentionDays, ctx.auth.user!))
  }

  async updateSafeguarding(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    const { safeguardingEmail } = await ctx.request.validateUsing(safeguardingValidator)
    return this.acting(ctx, () => setSafeguardingEmail(safeguardingEmail, ctx.auth.user!))
  }

  private id(ctx: HttpContext) {
    return idParam(ctx.params)
  }

  private async acting(ctx: HttpContext, action: () => Promise<unknown>) {
    try {
      await action()
      ctx.session.flash('success', ctx.i18n.t('moderation.settings.saved'))
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error
      ctx.session.flash('error', error.message)
    }
    return ctx.response.redirect('/staff/settings/moderation')
  }
}
