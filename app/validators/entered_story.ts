import vine from '@vinejs/vine'
import { AGE_BANDS, AUTHOR_ROLES, STAFF_ENTRY_ROUTES } from '#models/story'

/** A story typed in by staff on its author's behalf: the telling form's fields, how it came and the consent. */
export const enteredStoryValidator = vine.create(
  vine.object({
    route: vine.enum(STAFF_ENTRY_ROUTES),
    service: vine.string().trim().maxLength(140),
    title: vine.string().trim().minLength(3).maxLength(120),
    body: vine.string().trim().minLength(20).maxLength(12000),
    month: vine.number().withoutDecimals().range([1, 12]),
    year: vine.number().withoutDecimals().range([1900, 2200]),
    authorRole: vine.enum(AUTHOR_ROLES),
    ageBand: vine.enum(AGE_BANDS),
    displayName: vine.string().trim().minLength(2).maxLength(40),
    email: vine.string().trim().maxLength(254).email().optional(),
    consent: vine.accepted(),
  })
)
