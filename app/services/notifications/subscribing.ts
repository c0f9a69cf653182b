/**
 * The public's email subscriptions: asking for one, confirming it,
 * unsubscribing, and forgetting those never confirmed.
 *
 * Guarantees:
 * - double opt-in: a subscription gets nothing but its confirmation email
 *   until the link in it is opened (valid seven days, single use);
 * - asking again with the same address and target never makes a second row,
 *   and the answer is the same whether the address was subscribed or not
 *   (only the email it receives differs);
 * - every email carries the one-click unsubscribe link, in the text and in
 *   `List-Unsubscribe` (+ `List-Unsubscribe-Post`, RFC 8058); unsubscribing
 *   deletes the row (and its deliveries);
 * - everything runs in the current tenant: another tenant's services, areas,
 *   tags, tokens and subscriptions are never found.
 *
 * Telling subscribers of a published story: #services/notifications/notify_subscribers.
 * Unsubscribe tokens: #services/notifications/subscription_tokens.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import i18nManager from '@adonisjs/i18n/services/main'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Subscription from '#models/subscription'
import type Tenant from '#models/tenant'
import { tenancy } from '#tenancy/context'
import { hashToken, newToken } from '#services/platform/secret_tokens'
import { SubscriptionConfirmMail } from '#mails/subscription_confirm_mail'
import { SubscriptionExistsMail } from '#mails/subscription_exists_mail'
import { siteUrl, type Site } from '#tenancy/site'
import { describeTarget, type ResolvedTarget } from '#services/notifications/subscription_targets'
import { unsubscribeLinks, unsubscribeToken } from '#services/notifications/subscription_tokens'

const CONFIRM_DAYS = 7

/**
 * Deletes, in every tenant, subscriptions whose confirmation link expired
 * unused (run by the nightly housekeeping job). Returns how many went.
 */
export async function forgetUnconfirmedSubscriptions(client: TransactionClientContract) {
  const result = await tenancy.acrossTenants(
    'forget unconfirmed subscriptions in every tenant',
    async () =>
      client.rawQuery(`delete from subscriptions where confirmed_at is null and created_at < ?`, [
        DateTime.now().minus({ days: CONFIRM_DAYS }).toSQL()!,
      ])
  )
  return Number(result.rowCount ?? 0)
}

/**
 * Asks for a subscription: a new one is written unconfirmed and sent its
 * confirmation link; an unconfirmed one gets a fresh link; a confirmed one
 * is told it already exists. The caller answers the same in every case.
 */
export async function requestSubscription(
  input: { target: ResolvedTarget; email: string },
  { tenant, site }: { tenant: Tenant; site: Site }
) {
  const tenantId = tenancy.require().id
  const email = input.email.trim().toLowerCase()
  const { target } = input
  const i18n = i18nManager.locale(site.locale)
  const what = describeTarget(i18n, target.type, target.name, tenant.name)

  await db.transaction(async (trx) => {
    const confirm = newToken()
    const next = await trx.rawQuery(
      `select nextval(pg_get_serial_sequence('subscriptions', 'id')) as id`
    )
    const id = Number((next.rows as { id: string }[])[0].id)
    /* Raw, for "on conflict do nothing" on the expression index; tenant_id is given explicitly. */
    const inserted = await trx.rawQuery(
      `insert into subscriptions (id, tenant_id, email, locale, target_type, service_id, area_id,
         tag_id, search_query, confirm_token_hash, unsubscribe_token_hash, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
       on conflict do nothing
       returning id`,
      [
        id,
        tenantId,
        email,
        site.locale,
        target.type,
        target.serviceId,
        target.areaId,
        target.tagId,
        target.searchQuery,
        confirm.tokenHash,
        hashToken(unsubscribeToken({ id, tenantId })),
      ] as never /* knex binds null as NULL; Lucid's binding type omits it */
    )
    let subscription: Subscription
    if ((inserted.rows as unknown[]).length) {
      subscription = await Subscription.query({ client: trx }).where('id', id).firstOrFail()
    } else {
      subscription = await Subscription.query({ client: trx })
        .whereRaw('lower(email) = ?', [email])
        .where('target_type', target.type)
        .whereRaw('coalesce(service_id, 0) = ?', [target.serviceId ?? 0])
        .whereRaw('coalesce(area_id, 0) = ?', [target.areaId ?? 0])
        .whereRaw('coalesce(tag_id, 0) = ?', [target.tagId ?? 0])
        .whereRaw(`md5(coalesce(search_query, '')) = md5(?)`, [target.searchQuery ?? ''])
        .forUpdate()
        .firstOrFail()
      if (!subscription.confirmedAt) {
        /* Asked again: a fresh link, valid for a fresh week. */
        subscription.useTransaction(trx)
        subscription.merge({ confirmTokenHash: confirm.tokenHash, createdAt: DateTime.now() })
        await subscription.save()
      }
    }

    const links = unsubscribeLinks(site, unsubscribeToken(subscription))
    const mail = subscription.confirmedAt
      ? new SubscriptionExistsMail(tenant, email, i18n.locale, links, what)
      : new SubscriptionConfirmMail(
          tenant,
          email,
          i18n.locale,
          links,
          what,
          siteUrl(site, `/subscriptions/confirm/${confirm.token}`)
        )
    await mail.queue({ client: trx })
  })
}

/** Confirms the subscription a link stands for; null when the link is unusable. */
export async function confirmSubscription(token: string) {
  return db.transaction(async (trx) => {
    const subscription = await Subscription.query({ client: trx })
      .where('confirm_token_hash', hashToken(token))
      .whereNull('confirmed_at')
      .where('created_at', '>', DateTime.now().minus({ days: CONFIRM_DAYS }).toSQL()!)
      .forUpdate()
      .first()
    if (!subscription) return null
    subscription.useTransaction(trx)
    subscription.merge({ confirmedAt: DateTime.now(), confirmTokenHash: null })
    await subscription.save()
    return subscription
  })
}

/** The subscription an unsubscribe link stands for, or null. */
export function findByUnsubscribeToken(token: string) {
  if (token.length > 100) return Promise.resolve(null)
  return Subscription.query().where('unsubscribe_token_hash', hashToken(token)).first()
}

/** Deletes the subscription a link stands for (its deliveries go with it); null when unknown. */
export async function unsubscribe(token: string) {
  const subscription = await findByUnsubscribeToken(token)
  if (!subscription) return null
  await subscription.delete()
  return subscription
}
