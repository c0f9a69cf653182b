import { DateTime } from 'luxon'
import { actingOf } from '#tenancy/request_site'
import type { HttpContext } from '@adonisjs/core/http'
import type Story from '#models/story'
import {
  moderationEditValidator,
  rejectionValidator,
  rejectValidator,
} from '#validators/moderation'
import { askAuthor } from '#services/moderation/tell_author'
import { CLAIM_WARNING_MINUTES } from '#services/moderation/moderation_work'
import { claimStory, rejectStory } from '#services/moderation/moderate_story'
import { dismissReports, hideStory } from '#services/moderation/story_reports'
import { escalateStory } from '#services/moderation/escalate_story'
import { submitModerationForm } from '#services/moderation/moderation_form'
import { checksPage, queuePage, storyPage } from '#services/moderation/moderation_pages'
import { changeDecisionValidator, replyDecisionValidator } from '#validators/response'
import { checkChange, moderateReply } from '#services/responses/respond'
import { DomainError, refusalsGoTo } from '#exceptions/domain_error'
import { idParam } from '#lib/params'
import {
  moderationReviewPanel,
  openReviewRequests,
  providerReviewFigures,
} from '#services/moderation/provider_review'

const CHECKS = '/staff/moderation/checks'

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
    this.refusalsBack(ctx)
    const story = await claimStory(this.id(ctx), ctx.auth.user!)
    return this.done(ctx, this.claimedMessage(ctx, story))
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const list = (name: string) => [ctx.request.input(name) ?? []].flat()
    const form = await ctx.request.validateUsing(moderationEditValidator, {
      data: {
        ...ctx.request.all(),
        tags: list('tags'),
        /* Unticking every service sends no `services` at all: the form says it listed them. */
        services: ctx.request.input('servicesListed') ? list('services') : undefined,
      },
    })
    this.refusalsBack(ctx)
    const publish = ctx.request.input('decision') === 'publish'
    const acting = { ...actingOf(ctx), actor: ctx.auth.user! }
    const { story, corrected } = await submitModerationForm(acting, this.id(ctx), form, { publish })
    return this.done(ctx, corrected ? ctx.i18n.t('moderation.done_corrected') : story)
  }

  async reject(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const rejection = await ctx.request.validateUsing(rejectionValidator)
    this.refusalsBack(ctx)
    return this.done(ctx, await rejectStory(actingOf(ctx), this.id(ctx), rejection))
  }

  async ask(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const { reason } = await ctx.request.validateUsing(rejectValidator)
    this.refusalsBack(ctx)
    return this.done(ctx, await askAuthor(actingOf(ctx), this.id(ctx), reason))
  }

  async escalate(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const { reason } = await ctx.request.validateUsing(rejectValidator)
    const told = ctx.tenant!.safeguardingContact !== null
    this.refusalsBack(ctx)
    const story = await escalateStory(actingOf(ctx), this.id(ctx), reason)
    return this.done(ctx, told ? story : ctx.i18n.t('moderation.done_escalated_untold'))
  }

  async hide(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const { reason } = await ctx.request.validateUsing(rejectValidator)
    this.refusalsBack(ctx)
    return this.done(ctx, await hideStory(this.id(ctx), reason, ctx.auth.user!))
  }

  async dismissReports(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const { reason } = await ctx.request.validateUsing(rejectValidator)
    this.refusalsBack(ctx)
    await dismissReports(this.id(ctx), reason, ctx.auth.user!)
    return this.done(ctx, ctx.i18n.t('moderation.done_reports_dismissed'))
  }

  /** Change claims and authors' replies waiting for a moderator. */
  async checks(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const page = await checksPage((kind) => ctx.i18n.t(`moderation.kinds.${kind}`))
    return ctx.view.render('pages/staff/moderation/checks', page)
  }

  async checkChange(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const { decision } = await ctx.request.validateUsing(changeDecisionValidator)
    refusalsGoTo(ctx, CHECKS)
    await checkChange(this.id(ctx), decision === 'confirm', ctx.auth.user!)
    return this.checked(ctx)
  }

  async moderateReply(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const input = await ctx.request.validateUsing(replyDecisionValidator)
    refusalsGoTo(ctx, CHECKS)
    if (input.decision === 'publish' && !input.publicBody)
      throw new DomainError('responses.errors.replyText')
    await moderateReply(
      this.id(ctx),
      input.decision === 'publish'
        ? { publish: true, publicBody: input.publicBody! }
        : { publish: false, reason: input.reason ?? '' },
      ctx.auth.user!
    )
    return this.checked(ctx)
  }

  /** Refusals come back to the checks page (the exception handler says why). */
  private checked(ctx: HttpContext) {
    ctx.session.flash('success', ctx.i18n.t('moderation.settings.saved'))
    return ctx.response.redirect(CHECKS)
  }

  private id(ctx: HttpContext) {
    return idParam(ctx.params)
  }

  /**
   * A refused action comes back to the story page with its reason (the
   * exception handler renders the DomainError); nothing is changed, and
   * what the moderator typed is shown again, so a lapsed claim or a conflict
   * loses no work.
   */
  private refusalsBack(ctx: HttpContext) {
    refusalsGoTo(ctx, `/staff/moderation/${this.id(ctx)}`)
  }

  /** Back to the story page, saying what was done (by default: the story's new status). */
  private done(ctx: HttpContext, done: Story | string) {
    const message = typeof done === 'string' ? done : ctx.i18n.t(`moderation.done_${done.status}`)
    ctx.session.flash('success', message)
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
