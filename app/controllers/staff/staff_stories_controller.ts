import { DomainError } from '#exceptions/domain_error'
import type { HttpContext } from '@adonisjs/core/http'
import { actingOf } from '#tenancy/request_site'
import { refusalsGoTo } from '#exceptions/domain_error'
import {
  changeAlertSettings,
  unwatchService,
  watchService,
} from '#services/notifications/staff_alert_settings'
import { formMessages } from '#validators/messages'
import Response from '#models/response'
import Story from '#models/story'
import StoryTag from '#models/story_tag'
import {
  alertSettingsValidator,
  inboxFilterValidator,
  responseUpdateValidator,
  responseValidator,
  watchValidator,
} from '#validators/response'
import {
  createResponse,
  deleteResponse,
  publicResponses,
  respondableServices,
  updateResponse,
} from '#services/responses/respond'
import { StaffRights } from '#services/accounts/staff_rights'
import { INBOX_PROGRESS, inboxPage } from '#services/responses/staff_inbox'
import { recordStaffView } from '#services/stories/story_progress'
import { idParam } from '#lib/params'
import { paragraphs } from '#lib/paragraphs'

/** Validation messages by field, as the layout's error summary and the fields show them. */
function fieldErrors(error: { messages: { field: string; message: string }[] }) {
  const byField: Record<string, string[]> = {}
  for (const { field, message } of error.messages) (byField[field] ??= []).push(message)
  return byField
}

/** Responders' inbox, a story as staff see it, and writing responses. */
export default class StaffStoriesController {
  async inbox(ctx: HttpContext) {
    const rights = this.rights(ctx)
    if (await ctx.bouncer.denies('readInbox'))
      return ctx.response.status(403).send(await ctx.view.render('pages/errors/forbidden'))
    /* An empty choice ('Any') means no filter; a filter that makes no sense is shown, never dropped silently. */
    const query = Object.fromEntries(
      Object.entries(ctx.request.qs()).filter(([, value]) => value !== '' && value !== null)
    )
    const [problem, valid] = await inboxFilterValidator.tryValidate(query, this.messages(ctx))
    const filters = valid ?? {}
    const page = problem
      ? { stories: [], next: null, unknownService: false }
      : await inboxPage(rights, filters)
    if (problem) ctx.response.status(422)
    return ctx.view.render('pages/staff/inbox', {
      ...page,
      formErrors: problem ? fieldErrors(problem) : undefined,
      items: page.stories.map((story) => ({
        story,
        services: story.services.map((service) => service.name).join(', '),
      })),
      chosen: filters,
      progressStates: INBOX_PROGRESS,
      tags: await StoryTag.query().orderBy('question').orderBy('position'),
      nextQuery: page.next
        ? new URLSearchParams({ ...this.plain(filters), after: page.next }).toString()
        : null,
    })
  }

  async show(ctx: HttpContext) {
    const story = await Story.publiclyVisible(Story.query())
      .where('id', idParam(ctx.params))
      .preload('services')
      .preload('tags')
      .firstOrFail()
    await recordStaffView(story, ctx.auth.user!)
    await story.refresh()
    return ctx.view.render('pages/staff/story', {
      story,
      paragraphs: paragraphs(story.publicBody),
      responses: await publicResponses(story.id),
      services: await respondableServices(story, this.rights(ctx)),
      userId: ctx.auth.user!.id,
      preview: null,
    })
  }

  /** The response exactly as the public will see it, with the form filled again. */
  async preview(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(responseValidator, this.messages(ctx))
    const story = await Story.publiclyVisible(Story.query())
      .where('id', idParam(ctx.params))
      .preload('services')
      .preload('tags')
      .firstOrFail()
    const services = await respondableServices(story, this.rights(ctx))
    const service = services.find((candidate) => candidate.id === input.serviceId)
    refusalsGoTo(ctx, `/staff/stories/${story.id}#respond`)
    if (!service) throw new DomainError('responses.errors.notYourService')
    return ctx.view.render('pages/staff/story', {
      story,
      paragraphs: paragraphs(story.publicBody),
      responses: await publicResponses(story.id),
      services,
      userId: ctx.auth.user!.id,
      preview: {
        ...input,
        service,
        authorName: ctx.auth.user!.name,
        jobTitle: ctx.auth.user!.jobTitle,
      },
    })
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(responseValidator, this.messages(ctx))
    const storyId = idParam(ctx.params)
    refusalsGoTo(ctx, `/staff/stories/${storyId}#respond`)
    const acting = { ...actingOf(ctx), actor: ctx.auth.user! }
    await createResponse(acting, storyId, input, this.rights(ctx))
    ctx.session.flash('success', ctx.i18n.t('responses.posted'))
    return ctx.response.redirect(`/staff/stories/${storyId}#responses`)
  }

  async update(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(responseUpdateValidator, this.messages(ctx))
    const response = await Response.findOrFail(idParam(ctx.params))
    refusalsGoTo(ctx, `/staff/stories/${response.storyId}#respond`)
    await updateResponse(response.id, input, ctx.auth.user!)
    ctx.session.flash('success', ctx.i18n.t('responses.updated'))
    return ctx.response.redirect(`/staff/stories/${response.storyId}#responses`)
  }

  async destroy(ctx: HttpContext) {
    const response = await Response.findOrFail(idParam(ctx.params))
    refusalsGoTo(ctx, `/staff/stories/${response.storyId}#respond`)
    await deleteResponse(response.id, ctx.auth.user!)
    ctx.session.flash('success', ctx.i18n.t('responses.deleted'))
    return ctx.response.redirect(`/staff/stories/${response.storyId}#responses`)
  }

  /** Immediate alerts, a daily digest or none, and the least criticality worth an alert. */
  async updateAlerts(ctx: HttpContext) {
    const settings = await ctx.request.validateUsing(alertSettingsValidator)
    await changeAlertSettings(this.who(ctx), settings)
    ctx.session.flash('success', ctx.i18n.t('messages.account.saved'))
    return ctx.response.redirect('/staff/account')
  }

  /** Follow a service (and everything below it) for alerts, whatever one's role. */
  async watch(ctx: HttpContext) {
    const { service: ref } = await ctx.request.validateUsing(watchValidator)
    refusalsGoTo(ctx, '/staff/account')
    const service = await watchService(this.who(ctx), ref)
    ctx.session.flash('success', ctx.i18n.t('responses.alerts.watching', { name: service.name }))
    return ctx.response.redirect('/staff/account')
  }

  async unwatch(ctx: HttpContext) {
    if (!(await unwatchService(this.who(ctx), idParam(ctx.params, 'serviceId'))))
      return ctx.response.notFound()
    ctx.session.flash('success', ctx.i18n.t('messages.account.saved'))
    return ctx.response.redirect('/staff/account')
  }

  private who(ctx: HttpContext) {
    return { actor: ctx.auth.user!, ip: ctx.request.ip() }
  }

  private messages(ctx: HttpContext) {
    return { messagesProvider: formMessages(ctx.i18n, 'response') }
  }

  private rights(ctx: HttpContext) {
    return ctx.auth.user!.rights ?? StaffRights.none()
  }

  private plain(filters: Record<string, unknown>) {
    return Object.fromEntries(
      Object.entries(filters)
        .filter(([key, value]) => key !== 'after' && value !== undefined && value !== null)
        .map(([key, value]) => [key, String(value)])
    )
  }
}
