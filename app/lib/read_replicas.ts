/**
 * Read replicas for public reads (DB_READ_HOSTS), through Lucid's
 * read/write connection settings.
 *
 * Guarantees:
 * - without DB_READ_HOSTS nothing changes: one pool, the primary's;
 * - with it, a query reads from a replica only inside `replicaReads.run`
 *   (entered by app/middleware/public_reads_middleware.ts for a GET or HEAD
 *   whose session is empty: a visitor who is not signed in and is in no
 *   flow of their own) and only outside a transaction;
 * - every write, every transaction, and every read anywhere else (staff,
 *   authors with a session, the session store itself, jobs, commands) goes
 *   to the primary, so whoever has just written reads their own write;
 * - a replica's connections are knex PostgreSQL clients like the primary's,
 *   so row-level security sets `app.tenant_id` on them the same way
 *   (app/tenancy/row_security.ts patches the client class they share).
 *
 * Lucid on its own would send every read outside a transaction to a
 * replica; the one change here is that its "dual" query clients read from
 * the primary unless the code runs inside `replicaReads.run`.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { QueryClient } from '@adonisjs/lucid/database'
import type { PostgreConfig } from '@adonisjs/lucid/types/database'
import type { ReadHost } from '#lib/read_hosts'

const scope = new AsyncLocalStorage<true>()

export const replicaReads = {
  /** Runs `work` with its reads allowed on a replica. */
  run<T>(work: () => T): T {
    return scope.run(true, work)
  },
  allowed() {
    return scope.getStore() === true
  },
}

/** The connection config with read replicas added, when there are any. */
export function withReadReplicas<Config extends PostgreConfig>(
  config: Config,
  hosts: ReadHost[] | undefined
): Config {
  if (!hosts || hosts.length === 0) return config
  const primary = config.connection as Record<string, unknown>
  return {
    ...config,
    replicas: {
      write: { connection: primary },
      read: {
        connection: hosts.map((replica) => ({
          ...primary,
          host: replica.host,
          port: replica.port ?? primary.port ?? 5432,
          /* A write sent here by mistake fails at once, as on a hot standby, even where the "replica" is the primary. */
          options: '-c default_transaction_read_only=on',
        })),
      },
    },
  }
}

type RoutedClient = {
  mode: 'dual' | 'read' | 'write'
  connection: { client: unknown }
  getReadClient(): unknown
}
const INSTALLED = Symbol.for('carevoice.replicaRouting')
const prototype = QueryClient.prototype as unknown as RoutedClient & { [INSTALLED]?: boolean }
if (!prototype[INSTALLED]) {
  const getReadClient = prototype.getReadClient
  prototype.getReadClient = function (this: RoutedClient) {
    if (this.mode === 'dual' && !replicaReads.allowed()) return this.connection.client
    return getReadClient.call(this)
  }
  prototype[INSTALLED] = true
}
