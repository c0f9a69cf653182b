/**
 * Telling a story. Guarantees: only open services and tags of the current
 * tenant are accepted; an event more than three years ago (or in the
 * future) is refused with the reason; the story and its links are written in
 * one transaction with its confirmation email's job; only a confirmed
 * story reaches the moderators. The confirmation link is single use,
 * expires after seven days and works on its tenant's host only.
 */
import { DateTime } from 'luxon'
import { DomainError } from '#exceptions/domain_error'
import db from '@adonisjs/lucid/services/db'
import i18nManager from '@adonisjs/i18n/services/main'
import type { Infer } from '@vinejs/vine/types'
import Service, { SERVICE_STATUS } from '#models/service'
import Story, { STORY_STATUS } from '#models/story'
import StoryTag from '#models/story_tag'
import StoryServiceLink from '#models/story_service_link'
import StoryTagLink from '#models/story_tag_link'
import { hashToken, newToken } from '#services/platform/secret_tokens'
import type Tenant from '#models/tenant'
import { StoryConfirmationMail } from '#mails/story_confirmation_mail'
import { siteUrl, type Site } from '#tenancy/site'
import type { storyValidator } from '#validators/story'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

export type StoryInput = Infer<typeof storyValidator>

/** The checks that need the tenant's data; the validator did the rest. */
export async function checkStory(input: StoryInput, site: Pick<Site, 'locale'>) {
  const i18n = i18nManager.locale(site.locale)
  const problems: { field: string; message: string }[] = []
  const service = await Service.query()
    .where('slug', input.service)
    .where('status', SERVICE_STATUS.open)
    .first()
  if (!service) problems.push({ field: 'service', message: i18n.t('stories.errors.service') })

  const tagIds = [...new Set(input.tags ?? [])]
  const tags = tagIds.length ? await StoryTag.query().whereIn('id', tagIds) : []
  if (tags.length !== tagIds.length)
    problems.push({ field: 'tags', message: i18n.t('stories.errors.tags') })

  const happened = DateTime.fromObject({ year: input.year, month: input.month, day: 1 })
  const now = DateTime.now()
  if (happened > now.startOf('month')) {
    problems.push({ field: 'year', message: i18n.t('stories.errors.future') })
  } else if (happened < now.minus({ years: 3 }).startOf('month')) {
    problems.push({ field: 'year', message: i18n.t('stories.errors.tooOld') })
  }
  /* Worded beside each field by the exception handler. */
  if (problems.length) throw new DomainError('', { problems })
  return { service: service!, tags, happened }
}

export async function submitStory(
  input: StoryInput,
  { tenant, site }: { tenant: Tenant; site: Site },
  told: {
    invitationLinkId?: number | null
    /** 'partner' for a story sent through the API by a partner (#services/api/partner_stories). */
    submissionRoute?: 'online' | 'partner'
    /** Written in the story's transaction, once the story exists (the partner's audit and idempotency record). */
    alongside?: (story: Story, trx: TransactionClientContract) => Promise<void>
  } = {}
) {
  const { service, tags, happened } = await checkStory(input, site)
  const { token, tokenHash } = newToken()
  const story = await db.transaction(async (trx) => {
    const created = await Story.create(
      {
        status: STORY_STATUS.unconfirmed,
        title: input.title,
        originalBody: input.body,
        happenedOn: happened,
        authorRole: input.authorRole,
        ageBand: input.ageBand,
        displayName: input.displayName,
        authorEmail: input.email.toLowerCase(),
        locale: site.locale,
        confirmTokenHash: tokenHash,
        confirmExpiresAt: DateTime.now().plus({ days: 7 }),
        invitationLinkId: told.invitationLinkId ?? null,
        submissionRoute: told.submissionRoute ?? 'online',
      },
      { client: trx }
    )
    await StoryServiceLink.create({ storyId: created.id, serviceId: service.id }, { client: trx })
    for (const tag of tags)
      await StoryTagLink.create({ storyId: created.id, tagId: tag.id }, { client: trx })
    /* Queued with the story: both are saved, or neither. */
    await new StoryConfirmationMail(tenant, created.authorEmail, site.locale, {
      title: created.title,
      confirmUrl: siteUrl(site, `/stories/confirm/${token}`),
    }).queue({ client: trx })
    await told.alongside?.(created, trx)
    return created
  })
  return story
}

/** Confirms the story a link stands for; null when the link is unusable. */
export async function confirmStory(token: string) {
  return db.transaction(async (trx) => {
    const story = await Story.query({ client: trx })
      .where('confirm_token_hash', hashToken(token))
      .where('status', STORY_STATUS.unconfirmed)
      .where('confirm_expires_at', '>', DateTime.now().toSQL())
      .forUpdate()
      .first()
    if (!story) return null
    story.merge({
      status: STORY_STATUS.awaitingModeration,
      confirmedAt: DateTime.now(),
      confirmTokenHash: null,
    })
    story.useTransaction(trx)
    await story.save()
    return story
  })
}
