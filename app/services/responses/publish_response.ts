/**
 * Publishing a response: the one place a row of `responses` is written for
 * a new answer, whether the responder holds fast-track (published as they
 * post it) or a moderator approved it (#services/responses/response_checks).
 *
 * Guarantees: the story is published and locked for the transaction; the
 * response is signed with its writer's name and job title as they are now;
 * its 30-minute edit window starts at publication; the story's progress
 * (and so its figures) is refreshed and its author is emailed, both in the
 * caller's transaction, so a failed write publishes and sends nothing.
 */
import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DomainError } from '#exceptions/domain_error'
import Response, { type ChangeKind } from '#models/response'
import Story from '#models/story'
import type User from '#models/user'
import { ResponseToAuthorMail } from '#mails/response_to_author_mail'
import { refreshProgress } from '#services/stories/story_progress'
import { issueAuthorLink } from '#services/stories/story_authors'
import { siteUrl, type Acting } from '#tenancy/site'

export const EDIT_MINUTES = 30

export type ResponseText = {
  body: string
  changeKind?: ChangeKind | null
  changeDescription?: string | null
}

/** The story, if it is publicly visible, locked until the transaction ends. */
export async function publishedStory(storyId: number, trx: TransactionClientContract) {
  const story = await Story.publiclyVisible(Story.query({ client: trx }))
    .where('id', storyId)
    .forUpdate()
    .first()
  if (!story) throw new DomainError('responses.errors.notPublished')
  return story
}

/** A change claim needs its description; without a claim there is none. */
export function changeFields(input: ResponseText) {
  const kind = input.changeKind ?? null
  if (kind && !input.changeDescription?.trim())
    throw new DomainError('responses.errors.describeChange')
  return {
    changeKind: kind,
    changeDescription: kind ? input.changeDescription!.trim() : null,
    changeStatus: kind ? ('pending' as const) : null,
  }
}

/** A response is signed with a job title: a responder without one cannot respond yet. */
export function requireJobTitle(writer: Pick<User, 'jobTitle'>) {
  if (!writer.jobTitle?.trim())
    throw new DomainError('checked.errors.jobTitleNeeded', { field: 'jobTitle' })
}

export async function publishResponse(
  acting: Acting,
  story: Story,
  writer: User,
  input: ResponseText & { serviceId: number },
  trx: TransactionClientContract
) {
  const response = await Response.create(
    {
      storyId: story.id,
      serviceId: input.serviceId,
      authorId: writer.id,
      authorName: writer.name,
      authorJobTitle: writer.jobTitle ?? null,
      body: input.body,
      ...changeFields(input),
      editableUntil: DateTime.now().plus({ minutes: EDIT_MINUTES }),
    },
    { client: trx }
  )
  await refreshProgress(story.id, trx)
  await tellAuthor(acting, story, trx)
  return response
}

/** Queued in the response's transaction: never lost, never sent for a response that failed. */
async function tellAuthor({ tenant, site }: Acting, story: Story, trx: TransactionClientContract) {
  await new ResponseToAuthorMail(tenant, story.authorEmail, site.locale, {
    title: story.publicTitle ?? story.title,
    storyUrl: siteUrl(site, `/stories/${story.id}`),
    ownUrl: await issueAuthorLink(site, story, trx),
  }).queue({ client: trx })
}
