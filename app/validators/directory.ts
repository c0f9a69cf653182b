import vine from '@vinejs/vine'

const refRule = () =>
  vine
    .string()
    .trim()
    .maxLength(100)
    .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/i)
const textRule = (max: number) =>
  vine
    .string()
    .trim()
    .maxLength(max)
    .regex(/^[^<>]*$/)

export const serviceValidator = vine.create(
  vine.object({
    ref: refRule(),
    name: textRule(200).minLength(1),
    kind: vine.string().trim().maxLength(40),
    parentRef: refRule().optional(),
    areaId: vine.number().withoutDecimals().positive(),
    postcode: vine
      .string()
      .trim()
      .regex(/^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i)
      .optional(),
    externalCode: vine
      .string()
      .trim()
      .regex(/^[A-Z0-9-]{1,40}$/i)
      .optional(),
    address: textRule(300).optional(),
    phone: vine
      .string()
      .trim()
      .maxLength(40)
      .regex(/^[0-9 +()-]+$/)
      .optional(),
    website: vine
      .string()
      .trim()
      .maxLength(300)
      .url({ protocols: ['https', 'http'] })
      .optional(),
    description: vine.string().trim().maxLength(5000).optional(),
  })
)

export const areaValidator = vine.create(
  vine.object({
    name: textRule(120).minLength(1),
    parentId: vine.number().withoutDecimals().positive().optional(),
  })
)

export const mergeValidator = vine.create(vine.object({ intoRef: refRule() }))
