/**
 * Rotating unsubscribe tokens: a token is derived from its subscription and
 * `token_version` (#services/subscriptions unsubscribeToken). Raising the
 * version and storing the new hash makes every link sent before stop
 * working; the next email carries the new one. For when links have leaked
 * (a forwarded email, a log), for one address or the whole tenant.
 */
import db from '@adonisjs/lucid/services/db'
import Subscription from '#models/subscription'
import { normalEmail } from '#services/platform/keyed_hash'
import { hashToken } from '#services/platform/secret_tokens'
import { unsubscribeToken } from '#services/notifications/subscriptions'

/** Rotates the current tenant's tokens (only this address's, when given); returns how many. */
export async function rotateUnsubscribeTokens(options: { email?: string } = {}) {
  return db.transaction(async (trx) => {
    const query = Subscription.query({ client: trx }).forUpdate()
    if (options.email) query.whereRaw('lower(email) = ?', [normalEmail(options.email)])
    const subscriptions = await query
    for (const subscription of subscriptions) {
      const tokenVersion = (subscription.tokenVersion ?? 1) + 1
      subscription.merge({
        tokenVersion,
        unsubscribeTokenHash: hashToken(
          unsubscribeToken({ id: subscription.id, tenantId: subscription.tenantId, tokenVersion })
        ),
      })
      subscription.useTransaction(trx)
      await subscription.save()
    }
    return subscriptions.length
  })
}
