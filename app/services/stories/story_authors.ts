/**
 * What a story's author can do without an account, through the private
 * link in every email about their story: follow its status, read the
 * moderators' messages, answer a question and withdraw it.
 *
 * Guarantees: a link is 32 random bytes, stored only as its SHA-256, lasts
 * 30 days and works on its tenant's host only (the lookup is tenant
 * scoped); asking for new links never reveals whether an address told a
 * story; every author action is a moderation event in the same transaction
 * as the change it records.
 */
import { DateTime } from 'luxon'
import { DomainError } from '#exceptions/domain_error'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import ModerationEvent from '#models/moderation_event'
import Story, { STORY_STATUS } from '#models/story'
import StoryAuthorLink from '#models/story_author_link'
import { hashToken, newToken } from '#services/platform/secret_tokens'
import { refreshListings } from '#services/stories/story_listings'
import type Tenant from '#models/tenant'
import { AuthorLinksMail } from '#mails/author_links_mail'
import { siteUrl, type Site } from '#tenancy/site'
import { MODERATION_ACTION, type ModerationAction } from '#services/moderation/moderation_actions'

const LINK_DAYS = 30

/** A new private link for the story's author; the token is returned once. */
export async function issueAuthorLink(
  site: Site,
  story: Story,
  client?: TransactionClientContract
) {
  const { token, tokenHash } = newToken()
  await StoryAuthorLink.create(
    { storyId: story.id, tokenHash, expiresAt: DateTime.now().plus({ days: LINK_DAYS }) },
    { client }
  )
  return siteUrl(site, `/my-story/${token}`)
}

/** The story a private link stands for, or null when the link is unknown or expired. */
export async function storyForAuthorToken(token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null
  const link = await StoryAuthorLink.query()
    .where('token_hash', hashToken(token))
    .where('expires_at', '>', DateTime.now().toSQL()!)
    .first()
  if (!link) return null
  return Story.query()
    .where('id', link.storyId)
    .whereNot('status', STORY_STATUS.unconfirmed)
    .first()
}

/** What moderators said to the author, and what the author answered, oldest first. */
export async function authorConversation(story: Story) {
  const events = await ModerationEvent.query()
    .where('story_id', story.id)
    .whereIn('action', [
      MODERATION_ACTION.askedAuthor,
      MODERATION_ACTION.authorAnswered,
      MODERATION_ACTION.rejected,
      MODERATION_ACTION.published,
    ])
    .orderBy('id')
  return events.map((event) => ({
    from:
      event.action === MODERATION_ACTION.authorAnswered
        ? ('author' as const)
        : ('moderators' as const),
    action: event.action,
    text:
      event.action === MODERATION_ACTION.rejected
        ? [event.reason, event.changes.message].filter(Boolean).join('\n\n')
        : (event.reason ?? ''),
    erased: Boolean(event.$extras.erased),
    at: event.createdAt,
  }))
}

async function lockStory(storyId: number, trx: TransactionClientContract) {
  return Story.query({ client: trx }).where('id', storyId).forUpdate().firstOrFail()
}

async function recordAuthorEvent(
  story: Story,
  action: ModerationAction,
  trx: TransactionClientContract,
  reason: string | null = null
) {
  await ModerationEvent.create(
    { storyId: story.id, actorId: null, action, reason, changes: { by: 'author' } },
    { client: trx }
  )
}

/** The author answers a moderator's question; the story goes back to the queue. */
export async function answerQuestion(storyId: number, answer: string) {
  return db.transaction(async (trx) => {
    const story = await lockStory(storyId, trx)
    if (story.status !== STORY_STATUS.needsAuthorInput)
      throw new DomainError('stories.author.errors.noQuestion')
    story.merge({ status: STORY_STATUS.awaitingModeration, version: story.version + 1 })
    story.useTransaction(trx)
    await story.save()
    await recordAuthorEvent(story, MODERATION_ACTION.authorAnswered, trx, answer)
    return story
  })
}

/**
 * The author withdraws the story, whatever its state: it leaves every public
 * page at once; the original stays for the moderators' record until the
 * tenant's retention period ends.
 */
export async function withdrawStory(storyId: number) {
  return db.transaction(async (trx) => {
    const story = await lockStory(storyId, trx)
    if (story.status === STORY_STATUS.withdrawn)
      throw new DomainError('stories.author.errors.withdrawn')
    const now = DateTime.now()
    story.merge({
      status: STORY_STATUS.withdrawn,
      withdrawnAt: now,
      decidedAt: now,
      claimedById: null,
      claimedUntil: null,
      version: story.version + 1,
    })
    story.useTransaction(trx)
    await story.save()
    await recordAuthorEvent(story, MODERATION_ACTION.withdrawn, trx)
    await refreshListings([story.id], trx)
    return story
  })
}

/**
 * Emails fresh private links for every story this address told on this
 * site. The caller answers the same whether or not there were any.
 */
export async function sendAuthorLinks(
  { tenant, site }: { tenant: Tenant; site: Site },
  email: string
) {
  const stories = await Story.query()
    .where('author_email', email.toLowerCase())
    .whereNot('status', STORY_STATUS.unconfirmed)
    .whereNull('original_erased_at')
    .orderBy('id', 'desc')
    .limit(20)
  if (!stories.length) return 0
  const links: { title: string; url: string }[] = []
  for (const story of stories)
    links.push({ title: story.title, url: await issueAuthorLink(site, story) })
  await new AuthorLinksMail(tenant, email.toLowerCase(), site.locale, links, LINK_DAYS).queue()
  return stories.length
}
