import vine from '@vinejs/vine'
import { ROLES } from '#models/membership'

export const passwordRule = () => vine.string().minLength(12).maxLength(200)

export const forgotPasswordValidator = vine.create(
  vine.object({ email: vine.string().trim().maxLength(254).email() })
)

export const newPasswordValidator = vine.create(
  vine.object({
    password: passwordRule().confirmed({ confirmationField: 'password_confirmation' }),
  })
)

export const acceptInvitationValidator = vine.create(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(120).optional(),
    password: passwordRule(),
  })
)

export const inviteValidator = vine.create(
  vine.object({
    email: vine.string().trim().maxLength(254).email(),
    role: vine.enum(ROLES),
  })
)

/**
 * `meta.languages`: the languages this site offers (empty or absent
 * `locale`: no preference, the site's own language applies).
 */
export const profileValidator = vine.withMetaData<{ languages: string[] }>().create(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(120),
    jobTitle: vine.string().trim().maxLength(120).optional(),
    locale: vine
      .string()
      .in((field) => field.meta.languages)
      .nullable()
      .optional(),
  })
)
