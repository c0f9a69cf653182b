import type { HttpContext } from '@adonisjs/core/http'
import { actingOf } from '#tenancy/request_site'
import { DomainError, refusalsGoTo } from '#exceptions/domain_error'
import {
  changeAlertSettings,
  unwatchService,
  watchService,
} from '#services/notifications/staff_alert_settings'
import { formMessages } from '#validators/messages'
import Response from '#models/response'
import {
  alertSettingsValidator,
  inboxFilterValidator,
  responseUpdateValidator,
  responseValidator,
  watchValidator,
} from '#validators/response'
import {
  assertMayRespond,
  createResponse,
  deleteResponse,
  updateResponse,
} from '#services/responses/respond'
import { keepResponseForJobTitle } from '#controllers/staff/job_title_http'
import { StaffRights } from '#services/accounts/staff_rights'
import { inboxView, staffStoryView } from '#services/responses/staff_pages'
import { idParam } from '#lib/params'

/** Validation messages by field, as the layout's error summary and the fields show them. */
function fieldErrors(error: { messages: { field: string; message: string }[] }) {
  const byField: Record<string, string[]> = {}
  for (const { field, message } of error.messages) (byField[field] ??= []).push(message)
  return byField
}

/** Responders' inbox, a story as staff see it, and writing responses. */
export default class StaffStoriesController {
  async inbox(ctx: HttpContext) {
    if (await ctx.bouncer.denies('readInbox'))
      return ctx.response.status(403).send(await ctx.view.render('pages/errors/forbidden'))
    /* An empty choice ('Any') means no filter; a filter that makes no sense is shown, never dropped silently. */
    const query = Object.fromEntries(
      Object.entries(ctx.request.qs()).filter(([, value]) => value !== '' && value !== null)
    )
    const [problem, filters] = await inboxFilterValidator.tryValidate(query, this.messages(ctx))
    if (problem) ctx.response.status(422)
    return ctx.view.render('pages/staff/inbox', {
      ...(await inboxView(this.rights(ctx), problem ? null : filters)),
      formErrors: problem ? fieldErrors(problem) : undefined,
    })
  }

  async show(ctx: HttpContext) {
    const user = ctx.auth.user!
    const page = await staffStoryView(idParam(ctx.params), this.rights(ctx), user, true)
    return ctx.view.render('pages/staff/story', { ...page, userId: user.id, preview: null })
  }

  /** The response exactly as the public will see it, with the form filled again. */
  async preview(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(responseValidator, this.messages(ctx))
    const user = ctx.auth.user!
    const page = await staffStoryView(idParam(ctx.params), this.rights(ctx), user)
    const service = page.services.find((candidate) => candidate.id === input.serviceId)
    refusalsGoTo(ctx, `/staff/stories/${page.story.id}#respond`)
    if (!service) throw new DomainError('responses.errors.notYourService')
    return ctx.view.render('pages/staff/story', {
      ...page,
      userId: user.id,
      preview: { ...input, service, authorName: user.name, jobTitle: user.jobTitle },
    })
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(responseValidator, this.messages(ctx))
    const storyId = idParam(ctx.params)
    refusalsGoTo(ctx, `/staff/stories/${storyId}#respond`)
    if (!ctx.auth.user!.jobTitle?.trim()) {
      await assertMayRespond(storyId, input.serviceId, this.rights(ctx))
      return keepResponseForJobTitle(ctx, storyId)
    }
    const acting = { ...actingOf(ctx), actor: ctx.auth.user! }
    const { response } = await createResponse(acting, storyId, input, this.rights(ctx))
    ctx.session.flash(
      'success',
      ctx.i18n.t(response ? 'responses.posted' : 'checked.awaitingCheck')
    )
    return ctx.response.redirect(`/staff/stories/${storyId}#responses`)
  }

  async update(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(responseUpdateValidator, this.messages(ctx))
    const response = await Response.findOrFail(idParam(ctx.params))
    refusalsGoTo(ctx, `/staff/stories/${response.storyId}#respond`)
    const { check } = await updateResponse(response.id, input, ctx.auth.user!)
    ctx.session.flash(
      'success',
      ctx.i18n.t(check ? 'checked.revisionAwaiting' : 'responses.updated')
    )
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
}
