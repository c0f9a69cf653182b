import vine from '@vinejs/vine'

export const moderationEditValidator = vine.create(
  vine.object({
    version: vine.number().withoutDecimals().positive(),
    publicTitle: vine.string().trim().minLength(3).maxLength(120),
    publicBody: vine.string().trim().minLength(20).maxLength(12000),
    criticality: vine.number().withoutDecimals().range([0, 5]),
    tags: vine.array(vine.number().withoutDecimals().positive()).maxLength(30).optional(),
  })
)

export const rejectValidator = vine.create(
  vine.object({ reason: vine.string().trim().minLength(3).maxLength(2000) })
)
