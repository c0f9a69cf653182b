/**
 * Host name → tenant lookups, cached in memory for a few seconds.
 *
 * Saving or deleting a tenant or a domain clears the cache of this process
 * at once; other processes (another instance, an ace command) see the change
 * within TTL_MS. Misses are never cached, so a new tenant answers at once.
 * Expired entries are kept (one per known host) so that while the database
 * is unavailable a tenant's host still gets its own 503 page.
 */
import type Tenant from '#models/tenant'

export type ResolvedHost = {
  tenant: Tenant
  isPrimary: boolean
  primaryHost: string
}

const TTL_MS = 5_000

class HostCache {
  #entries = new Map<string, { value: ResolvedHost; expiresAt: number }>()

  get(hostname: string): ResolvedHost | undefined {
    const entry = this.#entries.get(hostname)
    if (!entry) return undefined
    if (entry.expiresAt < Date.now()) return undefined
    return entry.value
  }

  /** The last known answer, however old: only for when the database cannot be asked. */
  stale(hostname: string): ResolvedHost | undefined {
    return this.#entries.get(hostname)?.value
  }

  set(hostname: string, value: ResolvedHost) {
    this.#entries.set(hostname, { value, expiresAt: Date.now() + TTL_MS })
  }

  clear() {
    this.#entries.clear()
  }
}

export const hostCache = new HostCache()
