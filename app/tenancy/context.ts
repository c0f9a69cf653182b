/**
 * The current tenant, carried by AsyncLocalStorage through everything a
 * request, a queued job or an ace command does.
 *
 * Guarantees:
 * - code that needs a tenant and has none throws MissingTenantError;
 * - there is no "all tenants" default: reading across tenants happens only
 *   inside `tenancy.acrossTenants(reason, fn)`, one greppable call.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { MissingTenantError } from '#tenancy/errors'

export type TenantRef = { id: number; slug: string }

type Frame = { tenant: TenantRef | null; acrossTenants: string | null }

const storage = new AsyncLocalStorage<Frame>()

/**
 * A Lucid query is a lazy thenable: returned unawaited, it would run after
 * the context has been left. Refuse that mistake loudly.
 */
function mustNotBeLazy<T>(result: T): T {
  const thenable = result as { then?: unknown }
  if (thenable && typeof thenable.then === 'function' && !(result instanceof Promise)) {
    throw new Error(
      'Await queries inside tenancy.run/acrossTenants callbacks (use an async callback)'
    )
  }
  return result
}

export const tenancy = {
  /** Runs `fn` with `tenant` as the current tenant. */
  run<T>(tenant: TenantRef, fn: () => T): T {
    return mustNotBeLazy(
      storage.run({ tenant: { id: Number(tenant.id), slug: tenant.slug }, acrossTenants: null }, fn)
    )
  },

  /** The current tenant, or null outside any tenant. */
  current(): TenantRef | null {
    return storage.getStore()?.tenant ?? null
  },

  /** The current tenant; throws when there is none. */
  require(): TenantRef {
    const tenant = this.current()
    if (!tenant) throw new MissingTenantError()
    return tenant
  },

  /**
   * Leaves the tenant scope on purpose: national-admin code and platform
   * maintenance only. The reason is kept for error messages and review.
   */
  acrossTenants<T>(reason: string, fn: () => T): T {
    return mustNotBeLazy(storage.run({ tenant: null, acrossTenants: reason }, fn))
  },

  /** True inside `acrossTenants`. */
  isAcrossTenants(): boolean {
    return Boolean(storage.getStore()?.acrossTenants)
  },
}
