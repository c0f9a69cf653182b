import vine from '@vinejs/vine'
import { ALERT_MODES, REPORT_SCHEDULES } from '#models/saved_search'

/** Naming a saved search and choosing what it does. */
const fields = {
  name: vine.string().trim().minLength(1).maxLength(120),
  alertMode: vine.enum(ALERT_MODES),
  reportSchedule: vine.enum(REPORT_SCHEDULES),
}

/** Saving the search on the page: `query` is its query string (read by staffCriteria). */
export const savedSearchValidator = vine.create(
  vine.object({ ...fields, query: vine.string().maxLength(4000).optional() })
)

export const savedSearchUpdateValidator = vine.create(vine.object(fields))
