import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import ModerationEvent from '#models/moderation_event'
import Story from '#models/story'
import StoryTag, { TAG_QUESTIONS } from '#models/story_tag'
import { moderationEditValidator, rejectValidator } from '#validators/moderation'
import {
  askAuthor,
  claimStory,
  escalateStory,
  hideStory,
  ModerationError,
  moderationFigures,
  moderationQueue,
  publishStory,
  rejectStory,
  saveModeration,
} from '#services/moderate_story'
import { scanForPii } from '#services/pii_scanner'

/** The moderators' queue and the page for moderating one story. */
export default class ModerationController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const now = DateTime.now()
    const queue = await moderationQueue()
    const stories = queue.map((story) => ({
      id: story.id,
      title: story.title,
      confirmedAt: story.confirmedAt,
      services: story.services.map((service) => service.name).join(', '),
      authorRole: story.authorRole,
      heldBy:
        story.claimedBy && story.claimedUntil && story.claimedUntil > now
          ? story.claimedBy.name
          : '',
    }))
    return ctx.view.render('pages/staff/moderation/index', {
      stories,
      figures: await moderationFigures(),
    })
  }

  async show(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const story = await Story.query()
      .where('id', Number(ctx.params.id) || 0)
      .preload('services')
      .preload('tags')
      .preload('claimedBy')
      .firstOrFail()
    const events = await ModerationEvent.query()
      .where('story_id', story.id)
      .preload('actor')
      .orderBy('id')
    const allTags = await StoryTag.query().orderBy('position').orderBy('label')
    const chosen = new Set(story.tags.map((tag) => tag.id))
    return ctx.view.render('pages/staff/moderation/show', {
      story,
      events,
      tagGroups: TAG_QUESTIONS.map((question) => ({
        question,
        tags: allTags
          .filter((tag) => tag.question === question)
          .map((tag) => ({ id: tag.id, label: tag.label, chosen: chosen.has(tag.id) })),
      })),
      flags: scanForPii(story.originalBody),
      publicBody: story.publicBody ?? story.originalBody,
    })
  }

  async claim(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    return this.acting(ctx, () => claimStory(this.id(ctx), ctx.auth.user!))
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const tags = [ctx.request.input('tags') ?? []].flat()
    const edit = await ctx.request.validateUsing(moderationEditValidator, {
      data: { ...ctx.request.all(), tags },
    })
    const publish = ctx.request.input('decision') === 'publish'
    return this.acting(ctx, () =>
      publish
        ? publishStory(ctx, this.id(ctx), edit, ctx.auth.user!)
        : saveModeration(this.id(ctx), edit, ctx.auth.user!)
    )
  }

  async reject(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const { reason } = await ctx.request.validateUsing(rejectValidator)
    return this.acting(ctx, () => rejectStory(ctx, this.id(ctx), reason, ctx.auth.user!))
  }

  async ask(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const { reason } = await ctx.request.validateUsing(rejectValidator)
    return this.acting(ctx, () => askAuthor(ctx, this.id(ctx), reason, ctx.auth.user!))
  }

  async escalate(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const { reason } = await ctx.request.validateUsing(rejectValidator)
    return this.acting(ctx, () => escalateStory(ctx, this.id(ctx), reason, ctx.auth.user!))
  }

  async hide(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const { reason } = await ctx.request.validateUsing(rejectValidator)
    return this.acting(ctx, () => hideStory(this.id(ctx), reason, ctx.auth.user!))
  }

  private id(ctx: HttpContext) {
    return Number(ctx.params.id) || 0
  }

  /** A refused action comes back to the story page with its reason; nothing is changed. */
  private async acting(ctx: HttpContext, action: () => Promise<Story>) {
    try {
      const story = await action()
      ctx.session.flash('success', ctx.i18n.t(`moderation.done_${story.status}`))
    } catch (error) {
      if (!(error instanceof ModerationError)) throw error
      ctx.session.flash('error', error.message)
    }
    return ctx.response.redirect(`/staff/moderation/${this.id(ctx)}`)
  }
}
