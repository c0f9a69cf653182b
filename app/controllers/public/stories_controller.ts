import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import { openInvitationLink } from '#services/stories/invitation_links'
import { refusalsGoTo } from '#exceptions/domain_error'
import { actingOf, siteOfRequest } from '#tenancy/request_site'
import { withinSenderLimits } from '#services/platform/sender_limits'
import Service, { SERVICE_STATUS } from '#models/service'
import StoryTag, { TAG_QUESTIONS } from '#models/story_tag'
import { AGE_BANDS, AUTHOR_ROLES } from '#models/story'
import { formMessages } from '#validators/messages'
import { storyValidator } from '#validators/story'
import { checkStory, confirmStory, submitStory } from '#services/stories/submit_story'
import { searchServices } from '#services/directory/directory_queries'
import { issueAuthorLink } from '#services/stories/story_authors'
import { paragraphs } from '#lib/paragraphs'

/** Telling a story: choose the service, write, preview, send, confirm by email. */
export default class StoriesController {
  /** Step 1: which service the story is about (the directory picker, no JavaScript needed). */
  async chooseService({ request, view }: HttpContext) {
    const q = String(request.input('q') ?? '').slice(0, 100)
    return view.render('pages/public/tell/choose_service', {
      q,
      services: q ? await searchServices(q, 20) : [],
    })
  }

  /** Step 2: the story form, filled again with whatever was typed. */
  async create(ctx: HttpContext) {
    const slug = String(
      ctx.request.input('service') ?? ctx.session.flashMessages.get('service') ?? ''
    )
    const service = await Service.query()
      .where('slug', slug)
      .where('status', SERVICE_STATUS.open)
      .first()
    if (!service) return ctx.response.redirect('/tell')
    const invitation = await openInvitationLink(
      ctx.session.get('invitationLinkId'),
      DateTime.now().setZone(ctx.tenant!.timeZone)
    )
    return ctx.view.render('pages/public/tell/form', {
      service,
      campaign: invitation?.campaign ?? null,
      ...(await this.choices()),
    })
  }

  /** Step 3: the preview shows the story as its public page will look. */
  async preview(ctx: HttpContext) {
    const input = await this.validated(ctx)
    this.refusalsBackToForm(ctx)
    const { service, tags, happened } = await checkStory(input, siteOfRequest(ctx))
    return ctx.view.render('pages/public/tell/preview', {
      input,
      service,
      tags,
      happened,
      paragraphs: paragraphs(input.body),
    })
  }

  /** Step 4: send it. The honeypot and the rate limits stop machines, quietly. */
  async store(ctx: HttpContext) {
    const input = await this.validated(ctx)
    if (input.website)
      return ctx.view.render('pages/public/tell/check_email', { email: input.email })
    if (!(await withinSenderLimits('story', { ip: ctx.request.ip(), perHour: 5 }, input.email))) {
      ctx.response.status(429)
      return ctx.view.render('pages/public/tell/too_many')
    }
    this.refusalsBackToForm(ctx)
    const invitation = await openInvitationLink(
      ctx.session.get('invitationLinkId'),
      DateTime.now().setZone(ctx.tenant!.timeZone)
    )
    await submitStory(input, actingOf(ctx), { invitationLinkId: invitation?.id ?? null })
    ctx.session.forget('invitationLinkId')
    return ctx.view.render('pages/public/tell/check_email', { email: input.email })
  }

  async confirm(ctx: HttpContext) {
    const story = await confirmStory(String(ctx.params.token))
    if (!story) {
      ctx.response.status(404)
      return ctx.view.render('pages/staff/link_unusable')
    }
    ctx.response.header('Referrer-Policy', 'no-referrer')
    return ctx.view.render('pages/public/tell/confirmed', {
      story,
      own: await issueAuthorLink(siteOfRequest(ctx), story),
    })
  }

  /** One ticked checkbox arrives as a string, several as a list: always a list here. */
  private validated(ctx: HttpContext) {
    const tags = [ctx.request.input('tags') ?? []].flat()
    return ctx.request.validateUsing(storyValidator, {
      data: { ...ctx.request.all(), tags },
      messagesProvider: formMessages(ctx.i18n, 'story'),
    })
  }

  private async choices() {
    const tags = await StoryTag.query().orderBy('position').orderBy('label')
    return {
      tagGroups: TAG_QUESTIONS.map((question) => ({
        question,
        tags: tags.filter((tag) => tag.question === question),
      })),
      roles: AUTHOR_ROLES,
      ageBands: AGE_BANDS,
    }
  }

  /** Refused input goes back to the form, filled, each problem next to its field (the exception handler). */
  private refusalsBackToForm(ctx: HttpContext) {
    refusalsGoTo(
      ctx,
      `/tell/story?service=${encodeURIComponent(String(ctx.request.input('service') ?? ''))}`
    )
  }
}
