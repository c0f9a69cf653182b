import type { HttpContext } from '@adonisjs/core/http'
import { withinSenderLimits } from '#services/platform/sender_limits'
import { SUBSCRIPTION_TARGETS, type SubscriptionTarget } from '#models/subscription'
import { actingOf } from '#tenancy/request_site'
import { DomainError } from '#exceptions/domain_error'
import {
  confirmSubscription,
  findByUnsubscribeToken,
  requestSubscription,
  unsubscribe,
} from '#services/notifications/subscribing'
import { describeSubscription, resolveTarget } from '#services/notifications/subscription_targets'
import { unsubscribePath } from '#services/notifications/subscription_tokens'
import { subscriptionMessages, subscriptionValidator } from '#validators/subscription'

/**
 * Email subscriptions: ask (double opt-in), confirm by the emailed link,
 * unsubscribe by the link in every email: a page with a button, or one
 * HTTP POST from the mailbox provider (RFC 8058).
 */
export default class SubscriptionsController {
  /** A page with the form for one target (also reached from the target's own page). */
  async create({ request, view, tenant, i18n }: HttpContext) {
    const type = String(request.input('target') ?? 'tenant') as SubscriptionTarget
    const ref = String(request.input(type === 'search' ? 'search' : 'ref') ?? '')
    const target = SUBSCRIPTION_TARGETS.includes(type) ? await resolveTarget(type, ref) : null
    const what = i18n.t(`subscriptions.targets.${target?.type ?? 'tenant'}`, {
      name: target?.name ?? tenant!.name,
    })
    return view.render('pages/public/subscriptions/new', {
      target: target?.type ?? 'tenant',
      ref: target && target.type !== 'tenant' ? ref : null,
      what,
    })
  }

  /** Same answer whether or not the address was subscribed; the honeypot and limits stop machines. */
  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(subscriptionValidator, {
      messagesProvider: subscriptionMessages(ctx.i18n),
    })
    const email = input.email.toLowerCase()
    if (input.website) return ctx.view.render('pages/public/subscriptions/check_email', { email })
    const field = input.target === 'search' ? 'search' : 'ref'
    const target = await resolveTarget(input.target, input[field])
    /* Back to the form, the message beside the field (the exception handler). */
    if (!target) throw new DomainError(`subscriptions.errors.${field}`, { field })
    if (!(await withinSenderLimits('subscribe', { ip: ctx.request.ip(), perHour: 10 }, email))) {
      ctx.response.status(429)
      return ctx.view.render('pages/public/tell/too_many')
    }
    await requestSubscription({ target, email }, actingOf(ctx))
    return ctx.view.render('pages/public/subscriptions/check_email', { email })
  }

  async confirm(ctx: HttpContext) {
    const subscription = await confirmSubscription(String(ctx.params.token))
    if (!subscription) return this.unusable(ctx)
    ctx.response.header('Referrer-Policy', 'no-referrer')
    const what = await describeSubscription(subscription, ctx.i18n, ctx.tenant!.name)
    return ctx.view.render('pages/public/subscriptions/confirmed', { what })
  }

  /** GET never unsubscribes (link scanners follow links): it shows the button. */
  async show(ctx: HttpContext) {
    const subscription = await findByUnsubscribeToken(String(ctx.params.token))
    if (!subscription) return this.unusable(ctx)
    /* The link is the key: keep it out of Referer headers and caches. */
    ctx.response.header('Referrer-Policy', 'no-referrer')
    ctx.response.header('Cache-Control', 'no-store')
    const what = await describeSubscription(subscription, ctx.i18n, ctx.tenant!.name)
    return ctx.view.render('pages/public/subscriptions/unsubscribe', {
      what,
      action: unsubscribePath(String(ctx.params.token)),
    })
  }

  async destroy(ctx: HttpContext) {
    const subscription = await findByUnsubscribeToken(String(ctx.params.token))
    if (!subscription) return this.unusable(ctx)
    const what = await describeSubscription(subscription, ctx.i18n, ctx.tenant!.name)
    await unsubscribe(String(ctx.params.token))
    return ctx.view.render('pages/public/subscriptions/unsubscribed', { what })
  }

  /** RFC 8058 one-click: a bare POST from the mailbox provider, no page. */
  async oneClick({ params, response }: HttpContext) {
    const subscription = await unsubscribe(String(params.token))
    response.header('Content-Type', 'text/plain; charset=utf-8')
    return subscription ? response.send('Unsubscribed') : response.status(404).send('Not found')
  }

  /** Mail clients without RFC 8058 open the one-click address in a browser: show the page. */
  async oneClickPage({ params, response }: HttpContext) {
    return response
      .redirect()
      .status(303)
      .toPath(unsubscribePath(String(params.token)))
  }

  private unusable({ response, view }: HttpContext) {
    response.status(404)
    response.header('Referrer-Policy', 'no-referrer')
    return view.render('pages/public/subscriptions/unusable')
  }

  /** Refused input goes back to the form it came from, the problem next to its field. */
}
