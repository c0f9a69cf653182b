import type { HttpContext } from '@adonisjs/core/http'
import { refusalsGoTo } from '#exceptions/domain_error'
import { API_SCOPES } from '#models/api_key'
import {
  apiKeysWithServices,
  createApiKey,
  revokeApiKey,
  rotateApiKey,
} from '#services/api/api_keys'
import { apiKeyValidator } from '#validators/api'
import { formMessages } from '#validators/messages'
import { idParam } from '#lib/params'
import { actingOf, absoluteUrl } from '#tenancy/request_site'

/** A tenant admin's API keys: the list, making one, a new secret, revoking. A secret is shown once. */
export default class ApiKeysController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    return ctx.view.render('pages/staff/api_keys/index', {
      rows: await apiKeysWithServices(),
      scopes: API_SCOPES,
      docsUrl: absoluteUrl(ctx, '/api'),
    })
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    refusalsGoTo(ctx, '/staff/api-keys')
    const input = await ctx.request.validateUsing(apiKeyValidator, {
      messagesProvider: formMessages(ctx.i18n, 'apiKey'),
    })
    const { apiKey, secret } = await createApiKey(actingOf(ctx), {
      name: input.name,
      scopes: input.scopes,
      serviceRefs: (input.services ?? '').split(','),
      ratePerSecond: input.ratePerSecond ?? null,
    })
    return this.showSecret(ctx, apiKey.name, secret)
  }

  async rotate(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    refusalsGoTo(ctx, '/staff/api-keys')
    const { apiKey, secret } = await rotateApiKey(actingOf(ctx), idParam(ctx.params))
    return this.showSecret(ctx, apiKey.name, secret)
  }

  async destroy(ctx: HttpContext) {
    await ctx.bouncer.authorize('administerTenant')
    refusalsGoTo(ctx, '/staff/api-keys')
    await revokeApiKey(actingOf(ctx), idParam(ctx.params))
    ctx.session.flash('success', ctx.i18n.t('api.keys.revoked'))
    return ctx.response.redirect('/staff/api-keys')
  }

  /** The secret, on this answer only: it is never stored, flashed or shown again. */
  private async showSecret(ctx: HttpContext, name: string, secret: string) {
    ctx.response.header('cache-control', 'no-store')
    return ctx.view.render('pages/staff/api_keys/secret', { name, secret })
  }
}
