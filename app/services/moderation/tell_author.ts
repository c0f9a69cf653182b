/**
 * What the author hears from moderation: the decision on their story
 * (published or rejected) and a moderator's question, each email queued in
 * the transaction that decides it, so never lost and never early, with a
 * fresh link to the author's private page.
 */
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Story from '#models/story'
import { STORY_STATUS } from '#models/story'
import { StoryPublishedMail, StoryRejectedMail } from '#mails/story_decision_mail'
import { AuthorQuestionMail } from '#mails/author_question_mail'
import { siteUrl, type Acting } from '#tenancy/site'
import { issueAuthorLink } from '#services/stories/story_authors'
import { MODERATION_ACTION } from '#services/moderation/moderation_actions'
import { lockForWork, record } from '#services/moderation/moderation_work'
import { afterReviewDecision } from '#services/moderation/provider_review'

/** Emails the author, queued in the transaction of the decision (so never lost, never early). */
export async function tellAuthor(
  { tenant, site }: Acting,
  story: Story,
  trx: TransactionClientContract,
  outcome: 'published' | 'rejected',
  reason?: string
) {
  const Mail = outcome === 'published' ? StoryPublishedMail : StoryRejectedMail
  const decided = {
    title: story.publicTitle ?? story.title,
    storyUrl: siteUrl(site, `/stories/${story.id}`),
    ownUrl: await issueAuthorLink(site, story, trx),
  }
  await new Mail(tenant, story.authorEmail, site.locale, decided, reason ?? '').queue({
    client: trx,
  })
}

/** Asks the author a question; the story waits for them ("needs author input"). */
export async function askAuthor(acting: Acting, storyId: number, question: string) {
  const { actor: user, tenant, site } = acting
  const story = await db.transaction(async (trx) => {
    const locked = await lockForWork(storyId, user, trx)
    const wasInReview = locked.inProviderReview
    locked.merge({
      status: STORY_STATUS.needsAuthorInput,
      claimedById: null,
      claimedUntil: null,
      version: locked.version + 1,
    })
    locked.useTransaction(trx)
    await locked.save()
    await record(locked, user, MODERATION_ACTION.askedAuthor, trx, { reason: question })
    await afterReviewDecision(locked, wasInReview, user, 'asked_author', trx)
    await new AuthorQuestionMail(tenant, locked.authorEmail, site.locale, {
      title: locked.title,
      question,
      ownUrl: await issueAuthorLink(site, locked, trx),
    }).queue({ client: trx })
    return locked
  })
  return story
}
