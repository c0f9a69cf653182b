/** API keys and the OpenAPI document's schemas, for the tests of /api/v1. */
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import type Tenant from '#models/tenant'
import type { ApiScope } from '#models/api_key'
import { createApiKey } from '#services/api/api_keys'
import { openApiDocument } from '#services/api/openapi_document'
import { siteOfHost } from '#tenancy/site'
import { tenancy } from '#tenancy/context'

/** A key of `tenant` with these scopes; returns its secret and row. */
export async function makeApiKey(
  tenant: Tenant,
  scopes: ApiScope[],
  options: { services?: string[]; ratePerSecond?: number; name?: string } = {}
) {
  return tenancy.run(tenant, () =>
    createApiKey(
      { actor: null, tenant, site: siteOfHost(`${tenant.slug}.localhost`, 'en-GB'), ip: null },
      {
        name: options.name ?? `${tenant.slug} partner`,
        scopes,
        serviceRefs: options.services ?? [],
        ratePerSecond: options.ratePerSecond ?? 100,
      }
    )
  )
}

/**
 * A validator of real answers against the OpenAPI document as the app
 * serves it: `check(path, method, status, body)` gives the errors (none: []).
 */
export function openApiChecker(
  document = openApiDocument(siteOfHost('fife.localhost', 'en-GB'), 'Fife')
) {
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  ;(addFormats as unknown as (ajv: Ajv2020) => void)(ajv)
  ajv.addSchema(document, 'openapi.json')
  return {
    document,
    check(path: string, method: string, status: number, body: unknown) {
      const answer = (document.paths as any)[path]?.[method]?.responses?.[String(status)]
      if (!answer) return [`${method} ${path} ${status} is not in the document`]
      const type = Object.keys(answer.content ?? {})[0]
      if (!type) return body === undefined || body === '' ? [] : ['a body where none is documented']
      const pointer = `openapi.json#/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}/responses/${status}/content/${type.replace('/', '~1')}/schema`
      const validate = ajv.getSchema(pointer) ?? ajv.compile({ $ref: pointer })
      return validate(body)
        ? []
        : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`)
    },
  }
}
