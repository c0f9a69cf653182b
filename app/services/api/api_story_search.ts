/**
 * A page of the public story search (#services/reading/story_search, the
 * one definition of its filters, words and order) as API records. What
 * the search page shows as a notice ("unknown area", "not a date") is a
 * refusal here: a partner's program should hear that its filter did nothing.
 */
import { DateTime } from 'luxon'
import { DomainError } from '#exceptions/domain_error'
import { searchStoryIds, type SearchInput, type SearchNotice } from '#services/reading/story_search'
import { storyRecords, type Reader } from '#services/api/api_stories'

const REFUSED: Partial<Record<SearchNotice, string>> = {
  unknownArea: 'area',
  unknownTag: 'tag',
  unknownService: 'service',
  badDate: 'publishedFrom',
}

export async function searchPage(
  input: SearchInput,
  query: Record<string, unknown>,
  limit: number,
  reader: Reader
) {
  if (query.authorRole !== undefined && input.role === null) badValue('authorRole')
  if (query.tag !== undefined && input.tag === null) badValue('tag')
  if (query.order !== undefined && !['newest', 'relevance'].includes(String(query.order)))
    badValue('order')
  const progress = [query.progress ?? []].flat()
  if (progress.length !== input.progress.length) badValue('progress')
  for (const name of ['publishedFrom', 'publishedTo']) {
    const value = query[name]
    if (value !== undefined && !DateTime.fromFormat(String(value), 'yyyy-MM-dd').isValid)
      badValue(name)
  }
  const found = await searchStoryIds(input, limit)
  for (const notice of found.notices) {
    const field = REFUSED[notice]
    if (field) badValue(field)
  }
  return { stories: await storyRecords(found.ids, reader), next: found.next }
}

function badValue(name: string): never {
  throw new DomainError('api.errors.parameter', { status: 400, field: name, values: { name } })
}
