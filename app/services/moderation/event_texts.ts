/**
 * Which parts of a moderation event are the author's words or identity,
 * and how they are sealed with the story's key (#services/story_secrets).
 *
 * Sealed: the free-text `reason` (a question to the author, the author's
 * answer, a rejection or hiding reason: any of them can quote the story),
 * and every string under `changes.title`, `changes.body` and
 * `changes.message` (what an edit removed and put in, a message to the
 * author). Ids, ratings and the actor stay in clear: the history still says
 * who did what, when and why in outline after erasure.
 *
 * Erasure events themselves are not sealed: their reason is the staff's
 * account of the request, written without the erased data.
 */
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type ModerationEvent from '#models/moderation_event'
import { isSealed, openerFor, sealerFor } from '#services/stories/story_secrets'
import { MODERATION_ACTION } from '#services/moderation/moderation_actions'

const SEALED_CHANGES = ['title', 'body', 'message'] as const
export const UNSEALED_ACTIONS = new Set<string>([
  MODERATION_ACTION.originalErased,
  MODERATION_ACTION.erased,
])

function mapStrings(value: unknown, fn: (text: string) => unknown): unknown {
  if (typeof value === 'string') return fn(value)
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, fn))
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, mapStrings(item, fn)])
    )
  return value
}

function needsSealing(event: ModerationEvent) {
  if (UNSEALED_ACTIONS.has(event.action)) return false
  if (event.reason && !isSealed(event.reason)) return true
  return SEALED_CHANGES.some((field) => event.changes?.[field] !== undefined)
}

export async function sealEventTexts(event: ModerationEvent) {
  if (!needsSealing(event)) return
  const seal = await sealerFor(event.storyId, event.$trx as TransactionClientContract | undefined)
  const sealOnce = (text: string) => (isSealed(text) ? text : seal(text))
  if (event.reason) event.reason = sealOnce(event.reason)
  if (event.changes) {
    const changes = { ...event.changes }
    for (const field of SEALED_CHANGES)
      if (changes[field] !== undefined) changes[field] = mapStrings(changes[field], sealOnce)
    event.changes = changes
  }
}

function hasSealed(event: ModerationEvent) {
  return (
    isSealed(event.reason) ||
    SEALED_CHANGES.some((field) => {
      let found = false
      mapStrings(event.changes?.[field], (text) => (found ||= isSealed(text)))
      return found
    })
  )
}

export async function openEventTexts(events: ModerationEvent[]) {
  const sealed = events.filter(hasSealed)
  if (!sealed.length) return
  const open = await openerFor(
    sealed.map((event) => event.storyId),
    sealed[0].$trx as TransactionClientContract | undefined
  )
  for (const event of sealed) {
    let erased = false
    const openOne = (text: string) => {
      if (!isSealed(text)) return text
      const plain = open(event.storyId, text)
      if (plain === null) erased = true
      return plain
    }
    if (event.reason) event.reason = openOne(event.reason) as string | null
    const changes = { ...event.changes }
    for (const field of SEALED_CHANGES)
      if (changes[field] !== undefined) changes[field] = mapStrings(changes[field], openOne)
    event.changes = changes
    event.$extras.erased = erased
    /* Opened values are for reading: the row itself is never written again. */
    event.$original.reason = event.reason
    event.$original.changes = event.changes
  }
}
