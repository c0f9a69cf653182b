/**
 * The current tenant's directory as CSV, in the import format, in the order
 * services were created (so a file imported into an empty tenant comes back
 * line for line).
 */
import Area from '#models/area'
import Service from '#models/service'
import { tenancy } from '#tenancy/context'
import { toCsvLine } from '#lib/csv'
import { DIRECTORY_COLUMNS } from '#services/directory/directory_import'

export async function exportDirectory(write: (line: string) => void) {
  const tenant = tenancy.require()
  const services = await Service.query()
    .select('id', 'ref', 'parent_id', 'name', 'kind', 'area_id', 'postcode', 'external_code')
    .orderBy('id')
  const areas = await Area.query().select('id', 'name')
  const refById = new Map(services.map((service) => [service.id, service.ref]))
  const areaName = new Map(areas.map((area) => [area.id, area.name]))
  write(toCsvLine([...DIRECTORY_COLUMNS]))
  for (const service of services) {
    write(
      toCsvLine([
        tenant.slug,
        service.ref,
        service.parentId ? refById.get(service.parentId) : '',
        service.name,
        service.kind,
        areaName.get(service.areaId),
        service.postcode,
        service.externalCode,
      ])
    )
  }
}
