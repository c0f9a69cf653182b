import type { HttpContext } from '@adonisjs/core/http'
import { refusalsGoTo } from '#exceptions/domain_error'
import { actingOf } from '#tenancy/request_site'
import { decideCheck, checkQueuePage, resubmitCheck } from '#services/responses/response_checks'
import ResponseCheck from '#models/response_check'
import {
  checkDecisionValidator,
  checkMessages,
  checkQueueValidator,
  resubmitValidator,
} from '#validators/response_check'
import { idParam } from '#lib/params'

/** The moderators' queue of responses waiting for a check, and a responder sending one again. */
/** What the moderator is told after each decision. */
const DONE = {
  approved: 'checked.doneApproved',
  edited: 'checked.doneEdited',
  sentBack: 'checked.doneSentBack',
} as const

export default class ResponseChecksController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    const [problem, query] = await checkQueueValidator.tryValidate(ctx.request.qs())
    const page = await checkQueuePage(problem ? null : query.after)
    return ctx.view.render('pages/staff/response_checks', {
      ...page,
      userId: ctx.auth.user!.id,
      nextQuery: page.next ? new URLSearchParams({ after: page.next }).toString() : null,
    })
  }

  /** Approve (as written, or edited with a note) or send back with a note. */
  async decide(ctx: HttpContext) {
    await ctx.bouncer.authorize('moderate')
    /* Another tenant's check is simply not found here. */
    const { id: checkId } = await ResponseCheck.findOrFail(idParam(ctx.params))
    refusalsGoTo(ctx, `/staff/response-checks#check-${checkId}`)
    const input = await ctx.request.validateUsing(checkDecisionValidator, {
      messagesProvider: checkMessages(ctx.i18n),
    })
    const acting = { ...actingOf(ctx), actor: ctx.auth.user! }
    const outcome = await decideCheck(acting, checkId, input)
    ctx.session.flash('success', ctx.i18n.t(DONE[outcome]))
    return ctx.response.redirect('/staff/response-checks')
  }

  async resubmit(ctx: HttpContext) {
    const check = await ResponseCheck.findOrFail(idParam(ctx.params))
    refusalsGoTo(ctx, `/staff/stories/${check.storyId}#check-${check.id}`)
    const input = await ctx.request.validateUsing(resubmitValidator, {
      messagesProvider: checkMessages(ctx.i18n),
    })
    await resubmitCheck({ ...actingOf(ctx), actor: ctx.auth.user! }, check.id, input)
    ctx.session.flash('success', ctx.i18n.t('checked.resubmitted'))
    return ctx.response.redirect(`/staff/stories/${check.storyId}#responses`)
  }
}
