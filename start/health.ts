import { HealthChecks, DiskSpaceCheck, MemoryHeapCheck } from '@adonisjs/core/health'
import db from '@adonisjs/lucid/services/db'
import { FreshConnectionCheck, type ConnectionTarget } from '#lib/fresh_connection_check'

/**
 * The database settings the app's pool uses right now, as the pg driver
 * takes them, so readiness tries exactly what the next pooled connection
 * would (including a server the connection was re-pointed at).
 */
function primaryConnectionTarget(): ConnectionTarget {
  const connection = db.manager.get(db.primaryConnectionName)?.config.connection
  if (typeof connection === 'string') return { connectionString: connection }
  return (connection ?? {}) as ConnectionTarget
}

/** Readiness: a new database connection can be made and answers. Liveness needs nothing. */
export const healthChecks = new HealthChecks().register([
  new FreshConnectionCheck(primaryConnectionTarget),
  new DiskSpaceCheck(),
  new MemoryHeapCheck().warnWhenExceeds('512 mb').failWhenExceeds('1 gb'),
])
