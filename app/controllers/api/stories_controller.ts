import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import { searchInput } from '#services/reading/story_search'
import {
  changedStories,
  parseTimeCursor,
  removedStories,
  oneStoryRecord,
  type Reader,
} from '#services/api/api_stories'
import { searchPage } from '#services/api/api_story_search'
import { serviceNamed } from '#services/api/api_directory'
import { submitPartnerStory } from '#services/api/partner_stories'
import { respondForPartner } from '#services/api/partner_responses'
import { responseRecord } from '#transformers/story_transformer'
import { apiResponseValidator, apiStoryValidator } from '#validators/api'
import { actingOf, siteOfRequest } from '#tenancy/request_site'
import { DomainError } from '#exceptions/domain_error'
import {
  badParameter,
  cursorOf,
  fingerprintOf,
  limitOf,
  nextLink,
  param,
  sendRead,
  sendWrite,
} from '#controllers/api/api_http'

/** Filters of the story search that a partner's sync (updatedSince) does not combine with. */
const SEARCH_ONLY = [
  'q',
  'order',
  'area',
  'tag',
  'progress',
  'authorRole',
  'publishedFrom',
  'publishedTo',
]

function sinceOf(ctx: HttpContext, name: string) {
  const raw = param(ctx, name)
  if (raw === null) return null
  const since = DateTime.fromISO(raw, { zone: 'utc' })
  if (!since.isValid || !/^\d{4}-\d\d-\d\d(T|$)/.test(raw)) badParameter(name)
  return since
}

async function serviceFilter(ctx: HttpContext) {
  const name = param(ctx, 'service')
  if (name === null) return null
  const service = await serviceNamed(name.slice(0, 140))
  if (!service)
    throw new DomainError('api.errors.unknownService', {
      status: 400,
      field: 'service',
      values: { ref: name.slice(0, 140) },
    })
  return service
}

function requireJson(ctx: HttpContext) {
  if (!ctx.request.is(['json'])) throw new DomainError('api.errors.mediaType', { status: 415 })
}

/** Stories: the public search, a partner's sync, taken-down ids, one story; partner writes. */
/** What every story listing of the API is read with. */
type Listing = {
  limit: number
  service: Awaited<ReturnType<typeof serviceFilter>>
  reader: Reader
}

export default class ApiStoriesController {
  async index(ctx: HttpContext) {
    const reader = { apiKey: ctx.apiKey ?? null, site: siteOfRequest(ctx) }
    const limit = limitOf(ctx)
    const service = await serviceFilter(ctx)
    const since = sinceOf(ctx, 'updatedSince')
    return since
      ? this.changedSince(ctx, since, { limit, service, reader })
      : this.search(ctx, { limit, service, reader })
  }

  /** A partner's nightly sync: stories changed since a time, oldest change first. */
  private async changedSince(ctx: HttpContext, since: DateTime, listing: Listing) {
    const used = SEARCH_ONLY.find((name) => ctx.request.qs()[name] !== undefined)
    if (used) badParameter(used)
    const after = cursorOf(ctx, 'sync')
    const cursor = after === null ? null : (parseTimeCursor(after) ?? badParameter('cursor'))
    const { limit, service, reader } = listing
    const page = await changedStories({ since, after: cursor, limit, service }, reader)
    return sendRead(ctx, { data: page.stories, next: nextLink(ctx, 'sync', page.next) })
  }

  /** The public story search, with the API's parameter names. */
  private async search(ctx: HttpContext, { limit, service, reader }: Listing) {
    const qs = ctx.request.qs()
    const input = searchInput({
      q: qs.q,
      order: qs.order,
      service: service?.slug,
      area: qs.area,
      tag: qs.tag,
      progress: qs.progress,
      role: qs.authorRole,
      from: qs.publishedFrom,
      to: qs.publishedTo,
      after: cursorOf(ctx, 'search'),
    })
    const page = await searchPage(input, qs, limit, reader)
    return sendRead(ctx, { data: page.stories, next: nextLink(ctx, 'search', page.next) })
  }

  async show(ctx: HttpContext) {
    const id = /^\d{1,15}$/.test(ctx.params.id) ? Number(ctx.params.id) : 0
    const story = id
      ? await oneStoryRecord(id, { apiKey: ctx.apiKey ?? null, site: siteOfRequest(ctx) })
      : null
    if (!story) throw new DomainError('api.errors.notFound', { status: 404 })
    return sendRead(ctx, { data: story })
  }

  async removed(ctx: HttpContext) {
    const since = sinceOf(ctx, 'since') ?? badParameter('since')
    const after = cursorOf(ctx, 'removed')
    const cursor = after === null ? null : (parseTimeCursor(after) ?? badParameter('cursor'))
    const page = await removedStories({ since, after: cursor, limit: limitOf(ctx) })
    return sendRead(ctx, { data: page.removed, next: nextLink(ctx, 'removed', page.next) })
  }

  async store(ctx: HttpContext) {
    requireJson(ctx)
    const input = await ctx.request.validateUsing(apiStoryValidator)
    const result = await submitPartnerStory(
      { ...actingOf(ctx), actor: null },
      {
        apiKey: ctx.apiKey!,
        key: ctx.request.header('idempotency-key') ?? null,
        fingerprint: fingerprintOf(ctx),
      },
      input
    )
    if (result.replayed) ctx.response.header('idempotent-replayed', 'true')
    return sendWrite(ctx, result.status, result.answer)
  }

  async respond(ctx: HttpContext) {
    requireJson(ctx)
    const input = await ctx.request.validateUsing(apiResponseValidator)
    const storyId = /^\d{1,15}$/.test(ctx.params.id) ? Number(ctx.params.id) : 0
    const made = await respondForPartner(actingOf(ctx), ctx.apiKey!, storyId, input)
    if (made.response) return sendWrite(ctx, 201, { data: responseRecord(made.response, []) })
    const message = ctx.i18n.t('api.responseAwaitingCheck')
    return sendWrite(ctx, 202, {
      data: { checkId: made.checkId, status: 'awaitingCheck', message },
    })
  }
}
