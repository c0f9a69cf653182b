/**
 * Saved searches: a member of staff names a staff search and turns it into
 * an alert, a scheduled report and a dashboard.
 *
 * Guarantees:
 * - a saved search belongs to one user in one tenant: only its owner finds,
 *   changes, runs or deletes it (another user's, or another tenant's, is
 *   "not found", never "forbidden", so ids reveal nothing);
 * - its criteria are stored as staffCriteria made them (plain strings, the
 *   query string's shape), so a saved search runs exactly as the page did;
 * - it runs with its owner's rights of the moment it runs: a responder who
 *   lost a service stops seeing that service's stories in alerts and reports.
 */
import { DomainError } from '#exceptions/domain_error'
import SavedSearch, { type AlertMode, type ReportSchedule } from '#models/saved_search'
import User from '#models/user'
import { StaffRights } from '#services/accounts/staff_rights'
import { hasInbox } from '#services/responses/responder_coverage'
import { searchQueryOf } from '#services/reading/story_search'
import {
  staffCriteria,
  staffQueryString,
  type Searcher,
  type StaffCriteria,
} from '#services/searches/staff_search'

export const MAX_SAVED_SEARCHES = 50

export type SavedSearchInput = {
  name: string
  alertMode: AlertMode
  reportSchedule: ReportSchedule
}

/** Criteria as stored: the query string's keys and values (repeated keys as lists). */
export function storedCriteria(criteria: StaffCriteria) {
  return searchQueryOf(staffQueryString(criteria))
}

export function criteriaOf(saved: SavedSearch) {
  return staffCriteria(saved.criteria ?? {})
}

export function savedSearchesOf(userId: number) {
  return SavedSearch.query().where('user_id', userId).orderBy('name').orderBy('id')
}

/** The user's own saved search, or a 404 refusal. */
export async function ownSavedSearch(userId: number, id: number) {
  const saved = await SavedSearch.query().where('id', id).where('user_id', userId).first()
  if (!saved) throw new DomainError('searches.errors.notFound', { status: 404 })
  return saved
}

export async function saveSearch(
  searcher: Searcher,
  criteria: StaffCriteria,
  input: SavedSearchInput
) {
  const count = await SavedSearch.query().where('user_id', searcher.userId).count('* as total')
  if (Number(count[0].$extras.total) >= MAX_SAVED_SEARCHES)
    throw new DomainError('searches.errors.tooMany', {
      field: 'name',
      values: { max: MAX_SAVED_SEARCHES },
    })
  return SavedSearch.create({
    userId: searcher.userId,
    name: input.name,
    criteria: storedCriteria(criteria),
    alertMode: input.alertMode,
    reportSchedule: input.reportSchedule,
  })
}

export async function updateSavedSearch(userId: number, id: number, input: SavedSearchInput) {
  const saved = await ownSavedSearch(userId, id)
  saved.merge(input)
  await saved.save()
  return saved
}

export async function deleteSavedSearch(userId: number, id: number) {
  const saved = await ownSavedSearch(userId, id)
  await saved.delete()
  return saved
}

/**
 * The owner of a saved search as a searcher, with their rights now; null
 * when they can no longer search (disabled, or no staff role left here).
 */
export async function ownerOf(saved: SavedSearch) {
  const user = await User.find(saved.userId)
  if (!user || user.disabledAt) return null
  const rights = await StaffRights.load(user)
  if (!hasInbox(rights)) return null
  return { user, searcher: { userId: user.id, rights } satisfies Searcher }
}
