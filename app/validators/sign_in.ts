import vine from '@vinejs/vine'

export const signInValidator = vine.create(
  vine.object({
    email: vine.string().trim().maxLength(254),
    password: vine.string().maxLength(200),
  })
)

export const secondFactorValidator = vine.create(
  vine.object({
    code: vine.string().trim().maxLength(20),
  })
)

export const enrolTwoFactorValidator = vine.create(
  vine.object({
    code: vine.string().trim().maxLength(20),
  })
)
