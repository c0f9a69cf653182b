/**
 * Safeguarding: a concern is escalated, never published, recorded, and the
 * tenant's safeguarding contact (or, if none is set, its contact address)
 * is told, without the author's email.
 */
import db from '@adonisjs/lucid/services/db'
import Story, { STORY_STATUS } from '#models/story'
import { SafeguardingEscalationMail } from '#mails/safeguarding_escalation_mail'
import { siteUrl, type Acting } from '#tenancy/site'
import { refreshListings } from '#services/stories/story_listings'
import { MODERATION_ACTION } from '#services/moderation/moderation_actions'
import { moderationRefusal, record } from '#services/moderation/moderation_work'

/**
 * A safeguarding concern: never published, recorded, and the tenant's
 * safeguarding contact (or, if none is set, its contact address) told,
 * without the author's email.
 */
/**
 * Escalates a safeguarding concern from any state: waiting for a moderator
 * or for its author, rejected, hidden, withdrawn, or already published (it
 * then leaves every public page). A concern is never refused because the
 * story moved on or another moderator holds it; only a second escalation is.
 */
export async function escalateStory(acting: Acting, storyId: number, reason: string) {
  const { actor: user, tenant, site } = acting
  const story = await db.transaction(async (trx) => {
    const locked = await Story.query({ client: trx }).where('id', storyId).forUpdate().firstOrFail()
    if (locked.status === STORY_STATUS.escalated)
      throw moderationRefusal('moderation.errors.alreadyEscalated')
    const wasPublic = locked.status === STORY_STATUS.published
    locked.merge({
      status: STORY_STATUS.escalated,
      claimedById: null,
      claimedUntil: null,
      version: locked.version + 1,
    })
    locked.useTransaction(trx)
    await locked.save()
    if (wasPublic) await refreshListings([locked.id], trx)
    await record(locked, user, MODERATION_ACTION.escalated, trx, { reason })
    const contact = tenant.safeguardingContact
    if (contact) {
      await new SafeguardingEscalationMail(tenant, contact, site.locale, {
        reason,
        storyUrl: siteUrl(site, `/staff/moderation/${locked.id}`),
        moderator: user?.name ?? tenant.name,
      }).queue({ client: trx })
    }
    return locked
  })
  return story
}
