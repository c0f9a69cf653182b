import vine from '@vinejs/vine'
import { REPORT_REASONS } from '#models/story_report'
import { TAG_QUESTIONS } from '#models/story_tag'

const ids = vine.array(vine.number().withoutDecimals().positive()).maxLength(30).optional()

export const moderationEditValidator = vine.create(
  vine.object({
    version: vine.number().withoutDecimals().positive(),
    publicTitle: vine.string().trim().minLength(3).maxLength(120),
    publicBody: vine.string().trim().minLength(20).maxLength(12000),
    criticality: vine.number().withoutDecimals().range([0, 5]),
    tags: ids,
    services: ids,
    addService: vine.string().trim().maxLength(140).optional(),
    noteToAuthor: vine.string().trim().maxLength(2000).optional(),
  })
)

/** A note that goes with an action: the question to the author, the concern, why it is hidden. */
export const rejectValidator = vine.create(
  vine.object({ reason: vine.string().trim().minLength(3).maxLength(2000) })
)

export const rejectionValidator = vine.create(
  vine.object({
    reasonId: vine.number().withoutDecimals().positive().optional(),
    message: vine.string().trim().minLength(3).maxLength(2000),
  })
)

export const reportValidator = vine.create(
  vine.object({
    reason: vine.enum(REPORT_REASONS),
    message: vine.string().trim().maxLength(2000).optional(),
  })
)

export const authorAnswerValidator = vine.create(
  vine.object({ answer: vine.string().trim().minLength(2).maxLength(4000) })
)

/** Why the author disagrees with the moderator's edits. */
export const disagreementValidator = vine.create(
  vine.object({ disagreement: vine.string().trim().minLength(3).maxLength(4000) })
)

export const withdrawValidator = vine.create(vine.object({ confirm: vine.accepted() }))

export const authorLinksValidator = vine.create(
  vine.object({ email: vine.string().trim().maxLength(254).email() })
)

export const tagValidator = vine.create(
  vine.object({
    question: vine.enum(TAG_QUESTIONS),
    label: vine.string().trim().minLength(2).maxLength(60),
    position: vine.number().withoutDecimals().range([0, 999]).optional(),
  })
)

export const reasonValidator = vine.create(
  vine.object({
    label: vine.string().trim().minLength(3).maxLength(120),
    position: vine.number().withoutDecimals().range([0, 999]).optional(),
  })
)

export const retentionValidator = vine.create(
  vine.object({ retentionDays: vine.number().withoutDecimals().range([30, 3650]) })
)

/** An empty field clears the address (the tenant's contact address is used instead). */
export const safeguardingValidator = vine.create(
  vine.object({
    safeguardingEmail: vine.string().trim().maxLength(254).email().nullable(),
  })
)
