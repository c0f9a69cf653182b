/**
 * A response sent with a `respond` key, for one of the key's services,
 * signed by a named member of staff. It is the same operation as a
 * response written in the staff area (#services/responses/respond, with
 * its rule of which services a responder covers): the named person must
 * hold the responder role for the service here, so a key cannot speak for
 * anyone who could not have written it themselves.
 *
 * Guarantees: the service must be one the key covers; an unknown person
 * and one without the role are refused alike (the answer does not tell
 * whether an address has an account); the response is audited twice: as
 * the responder's (response.created) and as the key's use (api.response_created).
 */
import Service from '#models/service'
import User from '#models/user'
import type ApiKey from '#models/api_key'
import { DomainError } from '#exceptions/domain_error'
import { StaffRights } from '#services/accounts/staff_rights'
import { coversServiceAncestry } from '#services/api/api_keys'
import { auditTenant } from '#services/platform/audit'
import { createResponse } from '#services/responses/respond'
import type { Acting } from '#tenancy/site'
import type { ChangeKind } from '#models/response'

export type PartnerResponse = {
  service: string
  staff: string
  body: string
  changeKind?: ChangeKind | null
  changeDescription?: string | null
}

async function signer(staff: string) {
  const byId = /^\d{1,15}$/.test(staff) ? await User.find(Number(staff)) : null
  return byId ?? (await User.findBy('email', staff.trim().toLowerCase()))
}

export async function respondForPartner(
  acting: Acting,
  apiKey: ApiKey,
  storyId: number,
  input: PartnerResponse
) {
  const service = await Service.byRef(input.service).first()
  if (!service)
    throw new DomainError('api.errors.unknownService', {
      field: 'service',
      values: { ref: input.service },
    })
  if (!coversServiceAncestry(apiKey, service.ancestry))
    throw new DomainError('api.errors.outsideKeyServices', { status: 403, field: 'service' })
  const user = await signer(input.staff)
  const rights = user ? await StaffRights.load(user) : StaffRights.none()
  if (!user || !rights.has('responder'))
    throw new DomainError('api.errors.notResponder', { field: 'staff', status: 422 })
  const { response, check } = await createResponse(
    { ...acting, actor: user },
    storyId,
    {
      serviceId: service.id,
      body: input.body,
      changeKind: input.changeKind ?? null,
      changeDescription: input.changeDescription ?? null,
    },
    rights
  )
  await auditTenant({
    action: 'api.response_created',
    actor: user,
    subject: response
      ? { type: 'response', id: response.id }
      : { type: 'response_check', id: check!.id },
    details: { apiKeyId: apiKey.id, apiKey: apiKey.prefix, storyId },
    ip: acting.ip ?? null,
  })
  if (!response) return { response: null, checkId: check!.id }
  await response.load('service')
  return { response, checkId: null }
}
