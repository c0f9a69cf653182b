import { DateTime } from 'luxon'
import { actingOf } from '#tenancy/request_site'
import type { HttpContext } from '@adonisjs/core/http'
import Story, { STORY_STATUS } from '#models/story'
import {
  moderationEditValidator,
  rejectionValidator,
  rejectValidator,
} from '#validators/moderation'
import {
  askAuthor,
  CLAIM_WARNING_MINUTES,
  claimStory,
  dismissReports,
  escalateStory,
  hideStory,
  ModerationError,
  publishStory,
  rejectStory,
  saveModeration,
  correctPublishedStory,
} from '#services/moderation/moderate_story'
import { scanForPii } from '#services/moderation/pii_scanner'
import { queuePage, storyPage } from '#services/moderation/moderation_pages'
import { findServiceByReference } from '#services/directory/service_lookup'
import AuthorReply from '#models/author_reply'
import Response from '#models/response'
import { changeDecisionValidator, replyDecisionValidator } from '#validators/response'
import { checkChange, moderateReply } from '#services/responses/respond'
import { refusalsGoTo } from '#exceptions/domain_error'
import { highlightedHtml } from '#lib/text_diff'
import { idParam } from '#lib/params'
import {
  moderationReviewPanel,
  openReviewRequests,
  providerReviewFigures,
} from '#services/moderation/provider_review'

/** The moderators' queue and the page for moderating one story. */
export default class ModerationController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const page = await queuePage(ctx.request.only(['service', 'area', 'flag']))
    return ctx.view.render('pages/staff/moderation/index', {
      ...page,
      reviewRequests: await openReviewRequests(),
      reviewFigures: await providerReviewFigures(),
      timeZone: ctx.tenant!.timeZone,
    })
  }

  async show(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const page = await storyPage(this.id(ctx), {
      kind: (kind) => ctx.i18n.t(`moderation.kinds.${kind}`),
      removed: ctx.i18n.t('moderation.removed'),
      added: ctx.i18n.t('moderation.added'),
    })
    return ctx.view.render('pages/staff/moderation/show', {
      ...page,
      claim: this.claimOf(ctx, page.story),
      safeguardingContact: ctx.tenant!.safeguardingContact,
      campaign: page.invitation?.campaign ?? null,
      providerReview: await moderationReviewPanel(page.story.id),
      timeZone: ctx.tenant!.timeZone,
    })
  }

  /**
   * Claims the story, or extends one's own claim. The claim and extend
   * buttons submit the edit form here, so what was typed comes back with the
   * page; with JavaScript, extending asks for JSON and the page stays as it is.
   */
  async claim(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    if (ctx.request.accepts(['html', 'json']) === 'json') {
      /* A refusal answers 409 with problem details (the exception handler). */
      const story = await claimStory(this.id(ctx), ctx.auth.user!)
      const claim = this.claimOf(ctx, story)
      return {
        endsAt: claim.endsAt,
        endsAtText: claim.endsAtText,
        message: this.claimedMessage(ctx, story),
      }
    }
    if (ctx.request.input('publicBody') !== undefined) ctx.session.flashExcept(['_csrf', '_method'])
    return this.acting(
      ctx,
      () => claimStory(this.id(ctx), ctx.auth.user!),
      (story) => this.claimedMessage(ctx, story)
    )
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const list = (name: string) => [ctx.request.input(name) ?? []].flat()
    const { addService, ...edit } = await ctx.request.validateUsing(moderationEditValidator, {
      data: {
        ...ctx.request.all(),
        tags: list('tags'),
        /* Unticking every service sends no `services` at all: the form says it listed them. */
        services: ctx.request.input('servicesListed') ? list('services') : undefined,
      },
    })
    const publish = ctx.request.input('decision') === 'publish'
    const current = await Story.find(this.id(ctx))
    const correcting = current?.status === STORY_STATUS.published
    return this.acting(
      ctx,
      async () => {
        if (addService) {
          const added = await findServiceByReference(addService)
          if (!added)
            throw new ModerationError('moderation.errors.unknownService', { ref: addService })
          edit.services = [...(edit.services ?? []), added.id]
        }
        if (correcting) return correctPublishedStory(this.id(ctx), edit, ctx.auth.user!)
        return publish
          ? publishStory(actingOf(ctx), this.id(ctx), edit)
          : saveModeration(this.id(ctx), edit, ctx.auth.user!)
      },
      correcting ? () => ctx.i18n.t('moderation.done_corrected') : undefined
    )
  }

  async reject(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const rejection = await ctx.request.validateUsing(rejectionValidator)
    return this.acting(ctx, () => rejectStory(actingOf(ctx), this.id(ctx), rejection))
  }

  async ask(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const { reason } = await ctx.request.validateUsing(rejectValidator)
    return this.acting(ctx, () => askAuthor(actingOf(ctx), this.id(ctx), reason))
  }

  async escalate(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const { reason } = await ctx.request.validateUsing(rejectValidator)
    const told = ctx.tenant!.safeguardingContact !== null
    return this.acting(
      ctx,
      () => escalateStory(actingOf(ctx), this.id(ctx), reason),
      told ? undefined : () => ctx.i18n.t('moderation.done_escalated_untold')
    )
  }

  async hide(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const { reason } = await ctx.request.validateUsing(rejectValidator)
    return this.acting(ctx, () => hideStory(this.id(ctx), reason, ctx.auth.user!))
  }

  async dismissReports(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const { reason } = await ctx.request.validateUsing(rejectValidator)
    return this.acting(
      ctx,
      () => dismissReports(this.id(ctx), reason, ctx.auth.user!),
      () => ctx.i18n.t('moderation.done_reports_dismissed')
    )
  }

  /** Change claims and authors' replies waiting for a moderator. */
  async checks(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const changes = await Response.query()
      .where('change_status', 'pending')
      .preload('service')
      .orderBy('created_at')
      .limit(100)
    const replies = await AuthorReply.query()
      .where('status', STORY_STATUS.awaitingModeration)
      .orderBy('created_at')
      .limit(100)
    return ctx.view.render('pages/staff/moderation/checks', {
      changes,
      replies: replies.map((reply) => ({
        reply,
        flags: scanForPii(reply.originalBody),
        html: highlightedHtml(reply.originalBody, scanForPii(reply.originalBody), (flag) =>
          ctx.i18n.t(`moderation.kinds.${flag.kind}`)
        ),
      })),
    })
  }

  async checkChange(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const { decision } = await ctx.request.validateUsing(changeDecisionValidator)
    return this.checking(ctx, () =>
      checkChange(this.id(ctx), decision === 'confirm', ctx.auth.user!)
    )
  }

  async moderateReply(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const input = await ctx.request.validateUsing(replyDecisionValidator)
    if (input.decision === 'publish' && !input.publicBody) {
      ctx.session.flash('error', ctx.i18n.t('responses.errors.replyText'))
      return ctx.response.redirect('/staff/moderation/checks')
    }
    return this.checking(ctx, () =>
      moderateReply(
        this.id(ctx),
        input.decision === 'publish'
          ? { publish: true, publicBody: input.publicBody! }
          : { publish: false, reason: input.reason ?? '' },
        ctx.auth.user!
      )
    )
  }

  /** Refusals come back to the checks page (the exception handler says why). */
  private async checking(ctx: HttpContext, action: () => Promise<unknown>) {
    refusalsGoTo(ctx, '/staff/moderation/checks')
    await action()
    ctx.session.flash('success', ctx.i18n.t('moderation.settings.saved'))
    return ctx.response.redirect('/staff/moderation/checks')
  }

  private id(ctx: HttpContext) {
    return idParam(ctx.params)
  }

  /**
   * A refused action comes back to the story page with its reason (the
   * exception handler renders the ModerationError); nothing is changed, and
   * what the moderator typed is shown again, so a lapsed claim or a conflict
   * loses no work.
   */
  private async acting(
    ctx: HttpContext,
    action: () => Promise<Story>,
    done?: (story: Story) => string
  ) {
    refusalsGoTo(ctx, `/staff/moderation/${this.id(ctx)}`)
    const story = await action()
    ctx.session.flash('success', done?.(story) ?? ctx.i18n.t(`moderation.done_${story.status}`))
    return ctx.response.redirect(`/staff/moderation/${this.id(ctx)}`)
  }

  private claimedMessage(ctx: HttpContext, story: Story) {
    return ctx.i18n.t('moderation.done_claimed', { time: this.clock(ctx, story.claimedUntil!) })
  }

  private clock(ctx: HttpContext, time: DateTime) {
    return time.setZone(ctx.tenant!.timeZone).toFormat('HH:mm')
  }

  /** Who holds the story and until when, for the page's claim box and its warning. */
  private claimOf(ctx: HttpContext, story: Story) {
    const until = story.claimedUntil
    const active = Boolean(story.claimedById && until && until > DateTime.now())
    return {
      active,
      mine: story.claimedById === ctx.auth.user!.id,
      lapsed: Boolean(story.claimedById && until && !active),
      endsAt: until ? until.toUTC().toISO() : null,
      endsAtText: until ? this.clock(ctx, until) : null,
      warnMinutes: CLAIM_WARNING_MINUTES,
    }
  }
}
