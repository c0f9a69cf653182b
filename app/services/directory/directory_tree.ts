/**
 * The shape of the service tree: materialised paths, subtrees, moves.
 * Every query here is restricted to the current tenant: through the scoped
 * models, or explicitly (tenant_id = ?) in the one recursive update.
 */
import { DomainError } from '#exceptions/domain_error'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Service from '#models/service'
import { tenancy } from '#tenancy/context'
import { refreshListingsForServices } from '#services/stories/story_listings'

/** Rewrites `path` and `depth` of the current tenant's services from their parents. */
export async function recomputeServicePaths(trx?: TransactionClientContract) {
  const tenantId = tenancy.require().id
  const client = trx ?? db
  /* Fresh statistics, or after a large import the planner walks the tree by sequential scans. */
  await client.rawQuery('analyze services')
  const changed = await client.rawQuery(
    `with recursive tree as (
       select id, id::text || '.' as path, 0 as depth
         from services where tenant_id = ? and parent_id is null
       union all
       select child.id, tree.path || child.id::text || '.', tree.depth + 1
         from services child join tree on child.parent_id = tree.id
        where child.tenant_id = ?
     )
     update services set path = tree.path, depth = tree.depth
       from tree
      where services.tenant_id = ? and services.id = tree.id
        and (services.path <> tree.path or services.depth <> tree.depth)
     returning services.id`,
    [tenantId, tenantId, tenantId]
  )
  /* Stories about a service that moved are listed under its new ancestors. */
  const moved = (changed.rows as { id: string | number }[]).map((row) => Number(row.id))
  if (moved.length) {
    if (trx) await refreshListingsForServices(moved, trx)
    else await db.transaction((inner) => refreshListingsForServices(moved, inner))
  }
}

/**
 * The SQL condition "`column` lies in the subtree whose path is `path`", with
 * its bindings. It is a range on the path, not `like 'path%'`: under
 * row-level security PostgreSQL uses an index only for leakproof operators,
 * and the pattern-range operators are leakproof where LIKE is not.
 */
export function subtreeCondition(column: string, path: string): [string, string[]] {
  const next = path.slice(0, -1) + String.fromCharCode(path.charCodeAt(path.length - 1) + 1)
  return [`${column} ~>=~ ? and ${column} ~<~ ?`, [path, next]]
}

/** The service and everything below it: one range of the indexed path. */
export function subtreeQuery(service: Pick<Service, 'path'>) {
  const [condition, bindings] = subtreeCondition('services.path', service.path)
  return Service.query().whereRaw(condition, bindings)
}

/** The services above this one, root first. */
export async function ancestorsOf(service: Service) {
  const ids = service.ancestry.slice(0, -1)
  if (ids.length === 0) return []
  const found = await Service.query().whereIn('id', ids)
  return ids.map((id) => found.find((row) => row.id === id)!).filter(Boolean)
}

/** Moves a service (with its subtree) under a new parent; refuses a cycle. */
export async function moveService(service: Service, newParent: Service | null) {
  if (newParent && newParent.path.startsWith(service.path)) {
    throw new DomainError('problems.directory.insideItself', {
      field: 'parentRef',
      values: { parent: newParent.name, service: service.name },
    })
  }
  await db.transaction(async (trx) => {
    service.useTransaction(trx)
    service.parentId = newParent?.id ?? null
    await service.save()
    await recomputeServicePaths(trx)
  })
}
