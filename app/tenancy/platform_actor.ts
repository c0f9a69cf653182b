/**
 * Who acts in national-admin code, for its audit log: in the national
 * console, the signed-in national admin and their IP (set by the
 * `nationalAdmin` middleware); in an ace command, nobody (the operator).
 * A plain value carried like the tenant, so the domain code that records it
 * needs no request.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type User from '#models/user'

export type PlatformActor = { actor: User; ip: string | null }

const storage = new AsyncLocalStorage<PlatformActor>()

export const platformActor = {
  run<T>(acting: PlatformActor, fn: () => T): T {
    return storage.run(acting, fn)
  },

  /** The national admin acting, or null outside the console. */
  current(): PlatformActor | null {
    return storage.getStore() ?? null
  },
}
