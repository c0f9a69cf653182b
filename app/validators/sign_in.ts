import vine from '@vinejs/vine'

export const signInValidator = vine.create(
  vine.object({
    email: vine.string().trim().maxLength(254),
    password: vine.string().maxLength(200),
  })
)
