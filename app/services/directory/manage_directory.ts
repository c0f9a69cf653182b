/**
 * A tenant admin's changes to the directory: services (create, edit, move,
 * close, reopen, merge) and areas (create, rename, re-parent).
 *
 * Guarantees: everything happens in the current tenant (scoped models); a
 * refused change writes nothing and says why; a move that would make a
 * service its own ancestor is refused; closing or merging keeps the service
 * and its history visible; every change is in the tenant's audit log.
 */
import db from '@adonisjs/lucid/services/db'
import { DomainError } from '#exceptions/domain_error'
import string from '@adonisjs/core/helpers/string'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { Infer } from '@vinejs/vine/types'
import Area from '#models/area'
import Service, { SERVICE_STATUS } from '#models/service'
import Tenant from '#models/tenant'
import type User from '#models/user'
import { auditTenant } from '#services/platform/audit'
import { recomputeServicePaths } from '#services/directory/directory_tree'
import { refreshListingsForServices } from '#services/stories/story_listings'
import { tenancy } from '#tenancy/context'
import type { areaValidator, serviceValidator } from '#validators/directory'
import { areaDescendantIds, wouldCycle } from '#services/directory/area_ancestry'

/** Refuses with `problems.directory.<problem>`, worded beside `field` (the exception handler). */
function refuse(field: string, problem: string, values: Record<string, unknown> = {}): never {
  throw new DomainError(`problems.directory.${problem}`, { field, values })
}

type Actor = Pick<User, 'id' | 'email'> | null
type ServiceInput = Infer<typeof serviceValidator>
type AreaInput = Infer<typeof areaValidator>

async function checkKind(kind: string, trx: TransactionClientContract) {
  const tenant = await Tenant.findOrFail(tenancy.require().id, { client: trx })
  if (!tenant.serviceKinds.includes(kind))
    refuse('kind', 'chooseKind', { kinds: tenant.serviceKinds.join(', ') })
}

async function findArea(id: number, trx: TransactionClientContract) {
  const area = await Area.query({ client: trx }).where('id', id).first()
  if (!area) refuse('areaId', 'chooseArea')
  return area
}

async function findParent(ref: string | undefined, trx: TransactionClientContract) {
  if (!ref) return null
  const parent = await Service.query({ client: trx }).where('ref', ref).first()
  if (!parent) refuse('parentRef', 'noSuchRef', { ref })
  return parent
}

function fields(input: ServiceInput) {
  return {
    name: input.name,
    kind: input.kind,
    areaId: input.areaId,
    postcode: input.postcode ? input.postcode.toUpperCase() : null,
    externalCode: input.externalCode ?? null,
    address: input.address ?? null,
    phone: input.phone ?? null,
    website: input.website ?? null,
    description: input.description ?? null,
  }
}

export async function createService(input: ServiceInput, actor: Actor) {
  return db.transaction(async (trx) => {
    await checkKind(input.kind, trx)
    await findArea(input.areaId, trx)
    const parent = await findParent(input.parentRef, trx)
    if (await Service.query({ client: trx }).where('ref', input.ref).first()) {
      refuse('ref', 'refTaken', { ref: input.ref })
    }
    const service = await Service.create(
      {
        ...fields(input),
        ref: input.ref,
        slug: input.ref.toLowerCase(),
        parentId: parent?.id ?? null,
        status: SERVICE_STATUS.open,
      },
      { client: trx }
    )
    await recomputeServicePaths(trx)
    await auditTenant(
      { action: 'service.created', actor, subject: { type: 'service', id: service.id } },
      trx
    )
    return service
  })
}

export async function updateService(serviceId: number, input: ServiceInput, actor: Actor) {
  return db.transaction(async (trx) => {
    const service = await Service.query({ client: trx })
      .where('id', serviceId)
      .forUpdate()
      .firstOrFail()
    await checkKind(input.kind, trx)
    await findArea(input.areaId, trx)
    const parent = await findParent(input.parentRef, trx)
    if (parent && (parent.id === service.id || parent.path.startsWith(service.path))) {
      refuse('parentRef', 'belowItself', { parent: parent.name, service: service.name })
    }
    if (input.ref !== service.ref) refuse('ref', 'refFixed')
    const moved = (parent?.id ?? null) !== service.parentId
    const areaMoved = input.areaId !== service.areaId
    service.merge({ ...fields(input), parentId: parent?.id ?? null })
    service.useTransaction(trx)
    await service.save()
    if (moved) await recomputeServicePaths(trx)
    if (areaMoved) await refreshListingsForServices([service.id], trx)
    await auditTenant(
      {
        action: moved ? 'service.moved' : 'service.updated',
        actor,
        subject: { type: 'service', id: service.id },
      },
      trx
    )
    return service
  })
}

export async function setServiceStatus(
  serviceId: number,
  status: typeof SERVICE_STATUS.open | typeof SERVICE_STATUS.closed,
  actor: Actor
) {
  return db.transaction(async (trx) => {
    const service = await Service.query({ client: trx })
      .where('id', serviceId)
      .forUpdate()
      .firstOrFail()
    if (service.status === status) refuse('status', `already.${status}`, { service: service.name })
    service.merge({ status, mergedIntoId: null })
    service.useTransaction(trx)
    await service.save()
    await auditTenant(
      {
        action: status === SERVICE_STATUS.closed ? 'service.closed' : 'service.reopened',
        actor,
        subject: { type: 'service', id: service.id },
      },
      trx
    )
    return service
  })
}

/** Merges a service into another: it stays visible, pointing at the other. */
export async function mergeService(serviceId: number, intoRef: string, actor: Actor) {
  return db.transaction(async (trx) => {
    const service = await Service.query({ client: trx })
      .where('id', serviceId)
      .forUpdate()
      .firstOrFail()
    const into = await Service.query({ client: trx }).where('ref', intoRef).first()
    if (!into) refuse('intoRef', 'noSuchRef', { ref: intoRef })
    if (into.id === service.id || into.path.startsWith(service.path)) {
      refuse('intoRef', 'mergeBelowItself')
    }
    if (!into.isOpen) refuse('intoRef', 'notOpen', { service: into.name })
    service.merge({ status: SERVICE_STATUS.merged, mergedIntoId: into.id })
    service.useTransaction(trx)
    await service.save()
    await auditTenant(
      {
        action: 'service.merged',
        actor,
        subject: { type: 'service', id: service.id },
        details: { into: into.ref },
      },
      trx
    )
    return service
  })
}

export async function saveArea(areaId: number | null, input: AreaInput, actor: Actor) {
  return db.transaction(async (trx) => {
    const area = areaId
      ? await Area.query({ client: trx }).where('id', areaId).firstOrFail()
      : new Area()
    const clash = await Area.query({ client: trx })
      .whereRaw('lower(name) = ?', [input.name.toLowerCase()])
      .whereNot('id', area.id ?? 0)
      .first()
    if (clash) refuse('name', 'areaTaken', { name: input.name })
    if (input.parentId) {
      const parent = await findArea(input.parentId, trx)
      if (await wouldCycle(area.id, parent.id, trx)) {
        refuse('parentId', 'areaInsideItself')
      }
    }
    const reparented = Boolean(area.id) && (input.parentId ?? null) !== area.parentId
    area.name = input.name
    area.parentId = input.parentId ?? null
    if (!area.slug) {
      const base = string.slug(input.name, { lower: true, strict: true }) || 'area'
      let slug = base
      for (let n = 2; await Area.query({ client: trx }).where('slug', slug).first(); n++)
        slug = `${base}-${n}`
      area.slug = slug
    }
    area.useTransaction(trx)
    await area.save()
    if (reparented) {
      /* Stories about services in this area, or below it, are now listed under its new parents. */
      const moved = [area.id, ...(await areaDescendantIds(area.id, trx))]
      const services = await Service.query({ client: trx }).select('id').whereIn('area_id', moved)
      await refreshListingsForServices(
        services.map((service) => service.id),
        trx
      )
    }
    await auditTenant(
      {
        action: areaId ? 'area.updated' : 'area.created',
        actor,
        subject: { type: 'area', id: area.id },
      },
      trx
    )
    return area
  })
}
