import { Exception } from '@adonisjs/core/exceptions'

/** A tenant-owned table was touched with no tenant in context. */
export class MissingTenantError extends Exception {
  static status = 500
  static code = 'E_MISSING_TENANT'
  constructor() {
    super(
      'No tenant in context: enter one with tenancy.run(tenant, fn) (HTTP requests, jobs and `--tenant` commands do), or leave the scope explicitly with tenancy.acrossTenants(reason, fn).'
    )
  }
}

/** A write would have put or moved a row into another tenant. */
export class CrossTenantWriteError extends Exception {
  static status = 500
  static code = 'E_CROSS_TENANT_WRITE'
  constructor(model: string, rowTenantId: unknown, currentTenantId: number) {
    super(
      `Refused to write ${model} of tenant ${String(rowTenantId)} while tenant ${currentTenantId} is current.`
    )
  }
}
