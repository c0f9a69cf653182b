/**
 * The one mechanism that scopes tenant-owned models.
 *
 * Every Lucid model query is executed by ModelQueryBuilder#execQuery: plain
 * queries, find/findBy/all/first, paginate and its count, aggregates, pojo,
 * bulk update/delete, an instance's own update/delete, relation queries and
 * preloads. The guard installed below wraps whatever conditions a query has
 * in brackets and adds `AND <table>.tenant_id = <current tenant>` whenever
 * the query's model is built with `TenantScoped(BaseModel)`. With no tenant
 * in context it throws. Inserts are checked by a before-save hook: creating
 * stamps the current tenant, and writing a row of another tenant throws.
 *
 * Inside `tenancy.acrossTenants(reason, fn)` nothing is added, and a new row
 * must carry its tenant explicitly. Raw queries (`db.from`, `db.rawQuery`)
 * are not models and are never scoped: the isolation tests check that every
 * table with a tenant_id column has a scoped model.
 */
import type { NormalizeConstructor } from '@adonisjs/core/types/helpers'
import { BaseModel, ModelQueryBuilder, column } from '@adonisjs/lucid/orm'
import { tenancy } from '#tenancy/context'
import { CrossTenantWriteError, MissingTenantError } from '#tenancy/errors'

export const TENANT_SCOPED = Symbol.for('carevoice.tenantScoped')
const GUARDED = Symbol.for('carevoice.tenantGuarded')
const GUARD_INSTALLED = Symbol.for('carevoice.tenantGuardInstalled')

/** True for models built with TenantScoped. */
export function isTenantScoped(model: unknown): boolean {
  return Boolean(model && (model as Record<symbol, unknown>)[TENANT_SCOPED])
}

type WhereCall = { method: string; args: unknown[] }
type KnexWhereTarget = Record<string, (...args: unknown[]) => unknown>
type GuardedBuilder = {
  model: { table: string }
  whereStack: WhereCall[][]
  [GUARDED]?: boolean
}

/** Replays Lucid's where stack onto a knex builder, as Lucid's applyWhere does. */
function replayWheres(target: KnexWhereTarget, stack: WhereCall[][]) {
  if (stack.length === 1) {
    for (const { method, args } of stack[0]) target[method](...args)
    return
  }
  for (const collection of stack) {
    if (!collection.length) continue
    const [first, ...rest] = collection
    const wrapper = first.method.startsWith('or') ? 'orWhere' : 'where'
    target[wrapper]((group: KnexWhereTarget) => {
      group[first.method](...first.args)
      for (const { method, args } of rest) group[method](...args)
    })
  }
}

/**
 * Rewrites the query's conditions as `(<its own conditions>) AND
 * <table>.tenant_id = <current tenant>`, so no `orWhere` can escape.
 */
function scopeToCurrentTenant(builder: GuardedBuilder) {
  if (builder[GUARDED] || !isTenantScoped(builder.model) || tenancy.isAcrossTenants()) return
  const tenantId = tenancy.require().id
  const own = builder.whereStack.filter((collection) => collection.length > 0)
  const scoped: WhereCall[] = []
  if (own.length > 0) {
    scoped.push({ method: 'where', args: [(group: KnexWhereTarget) => replayWheres(group, own)] })
  }
  scoped.push({ method: 'where', args: [`${builder.model.table}.tenant_id`, tenantId] })
  builder.whereStack = [scoped]
  builder[GUARDED] = true
}

const prototype = ModelQueryBuilder.prototype as unknown as { execQuery(): Promise<unknown> }
if (!(prototype as unknown as Record<symbol, boolean>)[GUARD_INSTALLED]) {
  const execQuery = prototype.execQuery
  prototype.execQuery = function (this: GuardedBuilder) {
    scopeToCurrentTenant(this)
    return execQuery.call(this)
  }
  ;(prototype as unknown as Record<symbol, boolean>)[GUARD_INSTALLED] = true
}

export function TenantScoped<T extends NormalizeConstructor<typeof BaseModel>>(superclass: T) {
  class TenantScopedModel extends superclass {
    static [TENANT_SCOPED] = true

    @column()
    declare tenantId: number

    static boot() {
      if (this.hasOwnProperty('booted') && (this as unknown as { booted: boolean }).booted) return
      super.boot()
      this.before('save', (row: TenantScopedModel) => {
        if (tenancy.isAcrossTenants()) {
          if (!row.tenantId) throw new MissingTenantError()
          return
        }
        const tenant = tenancy.require()
        if (row.tenantId === undefined || row.tenantId === null) {
          row.tenantId = tenant.id
          return
        }
        const moved = row.$isPersisted && row.$dirty.tenantId !== undefined
        if (Number(row.tenantId) !== tenant.id || moved) {
          throw new CrossTenantWriteError(this.name, row.tenantId, tenant.id)
        }
      })
    }
  }
  return TenantScopedModel
}
