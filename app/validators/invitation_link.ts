import vine from '@vinejs/vine'

/** A new invitation link: its service (by name or reference), campaign tag and optional closing date. */
export const invitationLinkValidator = vine.create(
  vine.object({
    service: vine.string().trim().minLength(1).maxLength(140),
    campaign: vine.string().trim().minLength(2).maxLength(60),
    closesOn: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
  })
)
