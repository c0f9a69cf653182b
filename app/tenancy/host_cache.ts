/**
 * Host name → tenant lookups, cached in memory for a few seconds.
 *
 * Saving or deleting a tenant or a domain clears the cache of this process
 * at once; other processes (another instance, an ace command) see the change
 * within TTL_MS. Misses are never cached, so a new tenant answers at once.
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
    if (entry.expiresAt < Date.now()) {
      this.#entries.delete(hostname)
      return undefined
    }
    return entry.value
  }

  set(hostname: string, value: ResolvedHost) {
    this.#entries.set(hostname, { value, expiresAt: Date.now() + TTL_MS })
  }

  clear() {
    this.#entries.clear()
  }
}

export const hostCache = new HostCache()
