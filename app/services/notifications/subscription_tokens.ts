/**
 * A subscription's unsubscribe token and the two addresses built from it
 * (the page, and the RFC 8058 one-click address), and rotating tokens.
 *
 * Unsubscribe tokens. Only a token's SHA-256 is stored, yet every later
 * email needs the token itself. It is therefore derived, not random: an
 * HMAC-SHA256, keyed by APP_KEY, of the tenant and subscription ids (the id
 * is drawn from the sequence before the insert, so the hash is written with
 * the row). Every email of a subscription carries the same working link, a
 * database leak yields no usable link (the key is not in the database), and
 * nothing is rotated per email, so a link in an old email keeps working.
 * Rotating APP_KEY changes the tokens: the next story email stores the new
 * hash (links in earlier emails stop working; the new ones work).
 * `subscriptions:rotate-tokens` raises a subscription's `token_version`
 * (rotateUnsubscribeTokens, below) to the same effect for chosen rows:
 * for when links have leaked (a forwarded email, a log), for one address or
 * the whole tenant.
 */
import { createHmac } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { appKey } from '#config/app'
import Subscription from '#models/subscription'
import { normalEmail } from '#services/platform/keyed_hash'
import { hashToken } from '#services/platform/secret_tokens'
import { siteUrl, type Site } from '#tenancy/site'

/** The unsubscribe token of a subscription; see the header for why it is derived. */
export function unsubscribeToken(
  subscription: Pick<Subscription, 'id' | 'tenantId'> & { tokenVersion?: number }
) {
  /* Version 1 keeps the original derivation, so links already sent keep working. */
  const version = (subscription.tokenVersion ?? 1) > 1 ? `:r${subscription.tokenVersion}` : ''
  return createHmac('sha256', appKey.release())
    .update(
      `carevoice:subscription-unsubscribe:v1:${subscription.tenantId}:${subscription.id}${version}`
    )
    .digest('base64url')
}

export function unsubscribePath(token: string) {
  return `/subscriptions/unsubscribe/${token}`
}

/**
 * The RFC 8058 one-click address (List-Unsubscribe). It lives under /api/:
 * a mailbox provider POSTs to it with no session and no CSRF token; the
 * token in the path is the credential, as for the other /api/ routes.
 */
export function oneClickPath(token: string) {
  return `/api/subscriptions/unsubscribe/${token}`
}

/** The two unsubscribe addresses every subscriber email carries. */
export function unsubscribeLinks(site: Site, token: string) {
  return {
    unsubscribeUrl: siteUrl(site, unsubscribePath(token)),
    oneClickUrl: siteUrl(site, oneClickPath(token)),
  }
}

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
