/**
 * Services, areas and tags as the public API gives them (the shapes of
 * #transformers/api_schemas). Parent and children are named by ref, the
 * identifier staff and partners use.
 */
import type Area from '#models/area'
import type Service from '#models/service'
import { siteUrl, type Site } from '#tenancy/site'

export function serviceRecord(
  service: Service,
  related: { parentRef: string | null; childRefs: string[]; site: Site }
) {
  return {
    ref: service.ref,
    slug: service.slug,
    name: service.name,
    kind: service.kind,
    status: service.status,
    area: service.area ? { slug: service.area.slug, name: service.area.name } : null,
    parentRef: related.parentRef,
    childRefs: related.childRefs,
    externalCode: service.externalCode,
    description: service.description,
    contact: {
      address: service.address,
      postcode: service.postcode,
      phone: service.phone,
      website: service.website,
    },
    url: siteUrl(related.site, `/services/${service.slug}`),
  }
}

export function areaRecord(area: Area, parentSlug: string | null) {
  return { slug: area.slug, name: area.name, parentSlug }
}
