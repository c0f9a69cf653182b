/**
 * Keeps PostgreSQL's view of the current tenant equal to the tenancy
 * context, for every query on every connection.
 *
 * Guarantees:
 * - before a query runs, its connection's `app.tenant_id` setting holds the
 *   tenant of the code that issued it (`tenancy.run`), `*` inside
 *   `tenancy.acrossTenants`, or nothing outside both, when row-level
 *   security shows no tenant-owned row at all (database/row_security.ts);
 * - a pooled connection never carries one unit of work's tenant into
 *   another's: the setting is compared before every query, not at checkout,
 *   so a connection handed from a Fife request to an England job is
 *   switched before the job's first query runs;
 * - the switch costs a round trip only when the tenant differs from the one
 *   the connection last had. After a rollback (which undoes a set_config
 *   made inside the transaction) or any failed query, the connection's
 *   setting counts as unknown and is set again before its next query.
 *
 * It wraps knex's PostgreSQL client, which every Lucid query, raw query,
 * transaction and migration goes through.
 */
// @ts-expect-error knex ships no types for its dialect modules
import PostgresClient from 'knex/lib/dialects/postgres/index.js'
import { tenancy } from '#tenancy/context'

const KNOWN = Symbol.for('carevoice.tenantSetting')
const TURN = Symbol.for('carevoice.tenantSettingTurn')
const INSTALLED = Symbol.for('carevoice.rowSecurityInstalled')

type Connection = {
  [KNOWN]?: string
  [TURN]?: Promise<void>
  query(text: string, values: unknown[]): Promise<unknown>
}
type QueryObject = { sql?: string }
type ClientPrototype = {
  _query(connection: Connection, obj: QueryObject): Promise<unknown>
  _stream(connection: Connection, obj: QueryObject, ...rest: unknown[]): Promise<unknown>
  [INSTALLED]?: boolean
}

/** What `app.tenant_id` must hold for the code running now. */
export function tenantSetting(): string {
  if (tenancy.isAcrossTenants()) return '*'
  const tenant = tenancy.current()
  return tenant ? String(tenant.id) : ''
}

/* Statements after which the connection's setting may no longer be the one last set. */
const UNSETTLING = /^\s*(rollback|abort|reset|discard|set\s+role)\b/i
/*
 * Transaction control reads no table and must run even in a failed
 * transaction, where PostgreSQL refuses anything else (set_config included)
 * until the rollback.
 */
const TRANSACTION_CONTROL =
  /^\s*(begin|start\s+transaction|commit|end|rollback|abort|savepoint|release)\b/i

/**
 * Queries sent at once on one connection (Promise.all inside a transaction)
 * take turns, so each one's set_config and the query itself run back to
 * back: another context's setting can never slip in between.
 */
async function inTurn<T>(connection: Connection, work: () => Promise<T>): Promise<T> {
  const previous = connection[TURN] ?? Promise.resolve()
  let done!: () => void
  connection[TURN] = new Promise<void>((resolve) => (done = resolve))
  await previous
  try {
    return await work()
  } finally {
    done()
  }
}

function withTenantSetting<T>(connection: Connection, obj: QueryObject, run: () => Promise<T>) {
  return inTurn(connection, async () => {
    const sql = obj.sql ?? ''
    const wanted = tenantSetting()
    if (connection[KNOWN] !== wanted && !TRANSACTION_CONTROL.test(sql)) {
      connection[KNOWN] = undefined
      await connection.query("select set_config('app.tenant_id', $1, false)", [wanted])
      connection[KNOWN] = wanted
    }
    try {
      return await run()
    } catch (error) {
      connection[KNOWN] = undefined
      throw error
    } finally {
      if (UNSETTLING.test(sql)) connection[KNOWN] = undefined
    }
  })
}

const prototype = (PostgresClient as { prototype: ClientPrototype }).prototype
if (!prototype[INSTALLED]) {
  const query = prototype._query
  const stream = prototype._stream
  prototype._query = function (connection, obj) {
    return withTenantSetting(connection, obj, () => query.call(this, connection, obj))
  }
  prototype._stream = function (connection, obj, ...rest) {
    return withTenantSetting(connection, obj, () => stream.call(this, connection, obj, ...rest))
  }
  prototype[INSTALLED] = true
}
