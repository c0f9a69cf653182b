/**
 * Importing a service directory from CSV (the format of
 * database/data/directory-demo.csv: tenant, ref, parent_ref, name, kind,
 * area, postcode, external_code).
 *
 * Guarantees: all or nothing — every line is checked first, and a file with
 * any bad line (unknown tenant or parent, duplicate ref, cycle, missing name,
 * unknown kind, bad postcode…) changes nothing and reports every bad line
 * with its number. Services are created or updated by (tenant, ref); a
 * tenant's first import creates its areas, later ones report an unknown area
 * as a bad line; importing the same file again changes nothing.
 */
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import string from '@adonisjs/core/helpers/string'
import Area from '#models/area'
import Service, { SERVICE_STATUS } from '#models/service'
import Tenant from '#models/tenant'
import { CsvSyntaxError, parseCsv, type CsvRecord } from '#lib/csv'
import { tenancy } from '#tenancy/context'
import { recomputeServicePaths } from '#services/directory/directory_tree'
import { refreshListingsForServices } from '#services/stories/story_listings'

export const DIRECTORY_COLUMNS = [
  'tenant',
  'ref',
  'parent_ref',
  'name',
  'kind',
  'area',
  'postcode',
  'external_code',
] as const

type Column = (typeof DIRECTORY_COLUMNS)[number]
type Row = Record<Column, string> & { line: number }

export type ImportProblem = { line: number; message: string }
export type ImportResult = {
  line: number
  tenant: string
  ref: string
  action: 'created' | 'updated' | 'unchanged'
}
export type ImportReport = { problems: ImportProblem[]; results: ImportResult[] }

const MAX_ROWS = 200_000
const REF = /^[a-z0-9][a-z0-9._-]{0,99}$/i
const UK_POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i
/** No control characters, no angle brackets. */
const isPrintable = (text: string) =>
  [...text].every(
    (char) =>
      (char.codePointAt(0) ?? 0) >= 0x20 && char !== '\u007f' && char !== '<' && char !== '>'
  )

function readRows(text: string, problems: ImportProblem[]): Row[] {
  let records: CsvRecord[]
  try {
    records = parseCsv(text)
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error
    problems.push({ line: error.line, message: `the file is not valid CSV (${error.message})` })
    return []
  }
  if (records.length === 0) {
    problems.push({ line: 1, message: 'the file is empty' })
    return []
  }
  const header = records[0].fields.map((name) => name.trim().toLowerCase())
  const missing = DIRECTORY_COLUMNS.filter((column) => !header.includes(column))
  if (missing.length) {
    problems.push({ line: 1, message: `the header lacks the column(s) ${missing.join(', ')}` })
    return []
  }
  if (records.length - 1 > MAX_ROWS) {
    problems.push({ line: 1, message: `the file has more than ${MAX_ROWS} rows: split it` })
    return []
  }
  return records.slice(1).flatMap((record) => {
    if (record.fields.length !== header.length) {
      problems.push({
        line: record.line,
        message: `expected ${header.length} fields, found ${record.fields.length}`,
      })
      return []
    }
    const row = { line: record.line } as Row
    for (const column of DIRECTORY_COLUMNS)
      row[column] = record.fields[header.indexOf(column)].trim()
    return [row]
  })
}

function checkFields(row: Row, tenant: Tenant, problems: ImportProblem[]) {
  const report = (message: string) => problems.push({ line: row.line, message })
  if (!REF.test(row.ref))
    report(`ref "${row.ref.slice(0, 40)}" must be letters, digits, - _ or . (at most 100)`)
  if (row.parent_ref && !REF.test(row.parent_ref))
    report(`parent_ref "${row.parent_ref.slice(0, 40)}" is not a valid ref`)
  if (!row.name) report('the name is missing')
  else if (row.name.length > 200 || !isPrintable(row.name))
    report('the name is too long or has control characters or < >')
  if (!tenant.serviceKinds.includes(row.kind))
    report(`unknown kind "${row.kind.slice(0, 40)}" (allowed: ${tenant.serviceKinds.join(', ')})`)
  if (!row.area) report('the area is missing')
  else if (row.area.length > 120 || !isPrintable(row.area))
    report('the area is too long or has control characters or < >')
  if (row.postcode && !UK_POSTCODE.test(row.postcode))
    report(`"${row.postcode.slice(0, 20)}" is not a UK postcode`)
  if (row.external_code && !/^[A-Z0-9-]{1,40}$/i.test(row.external_code))
    report(`external_code "${row.external_code.slice(0, 40)}" is not a code`)
}

/** Lines whose parent chain comes back to themselves. */
function findCycles(parentOf: Map<string, string | null>) {
  const inCycle = new Set<string>()
  for (const start of parentOf.keys()) {
    const seen = new Set<string>()
    let current: string | null | undefined = start
    while (current && !seen.has(current)) {
      seen.add(current)
      current = parentOf.get(current)
    }
    if (current === start) for (const ref of seen) inCycle.add(ref)
  }
  return inCycle
}

/** Rows ordered so that every parent comes before its children. */
function parentsFirst(rows: Row[]) {
  const byRef = new Map(rows.map((row) => [row.ref, row]))
  const ordered: Row[] = []
  const placed = new Set<string>()
  const place = (row: Row) => {
    if (placed.has(row.ref)) return
    placed.add(row.ref)
    const parent = row.parent_ref ? byRef.get(row.parent_ref) : undefined
    if (parent) place(parent)
    ordered.push(row)
  }
  rows.forEach(place)
  return ordered
}

function normalisePostcode(postcode: string) {
  if (!postcode) return null
  const compact = postcode.replace(/\s+/g, '').toUpperCase()
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`
}

async function checkTenantRows(tenant: Tenant, rows: Row[], problems: ImportProblem[]) {
  for (const row of rows) checkFields(row, tenant, problems)

  const firstLine = new Map<string, number>()
  for (const row of rows) {
    const earlier = firstLine.get(row.ref)
    if (earlier !== undefined)
      problems.push({
        line: row.line,
        message: `duplicate ref "${row.ref}" (first on line ${earlier})`,
      })
    else firstLine.set(row.ref, row.line)
  }

  const existing = await tenancy.run(tenant, async () => {
    const services = await Service.query().select('id', 'ref', 'parent_id')
    const refById = new Map(services.map((service) => [service.id, service.ref]))
    return new Map(
      services.map((service) => [
        service.ref,
        service.parentId ? refById.get(service.parentId)! : null,
      ])
    )
  })
  const parentOf = new Map(existing)
  for (const row of rows) parentOf.set(row.ref, row.parent_ref || null)

  /*
   * Once a tenant has areas (its first import makes them), they are managed
   * on the Areas page: an area the tenant does not have is most likely a
   * typing mistake, so it is a bad line, never a silently new area.
   */
  const areaNames = await tenancy.run(tenant, async () => {
    const areas = await Area.query().select('name')
    return areas.map((area) => area.name.toLowerCase())
  })
  if (areaNames.length) {
    const known = new Set(areaNames)
    for (const row of rows) {
      if (row.area && !known.has(row.area.toLowerCase()))
        problems.push({
          line: row.line,
          message: `unknown area "${row.area.slice(0, 60)}": add it on the Areas page first, or check its spelling`,
        })
    }
  }

  for (const row of rows) {
    if (row.parent_ref && !parentOf.has(row.parent_ref)) {
      problems.push({ line: row.line, message: `unknown parent "${row.parent_ref}"` })
    }
  }
  const cyclic = findCycles(parentOf)
  for (const row of rows) {
    if (cyclic.has(row.ref))
      problems.push({ line: row.line, message: `"${row.ref}" would be its own ancestor (a cycle)` })
  }
}

async function writeTenantRows(
  tenant: Tenant,
  rows: Row[],
  trx: TransactionClientContract,
  results: ImportResult[],
  progress: () => void
) {
  const existingServices = await Service.query({ client: trx })
  const existingAreas = await Area.query({ client: trx })
  const services = new Map(existingServices.map((service) => [service.ref, service]))
  const areas = new Map(existingAreas.map((area) => [area.name.toLowerCase(), area]))
  const areaSlugs = new Set([...areas.values()].map((area) => area.slug))
  let structureChanged = false
  const areaChanged: number[] = []

  const areaFor = async (name: string, parentAreaId: number | null) => {
    const found = areas.get(name.toLowerCase())
    if (found) return found
    let slug = string.slug(name, { lower: true, strict: true }) || 'area'
    for (let suffix = 2; areaSlugs.has(slug); suffix++)
      slug = `${string.slug(name, { lower: true, strict: true })}-${suffix}`
    const area = await Area.create({ name, slug, parentId: parentAreaId }, { client: trx })
    areas.set(name.toLowerCase(), area)
    areaSlugs.add(slug)
    return area
  }

  for (const row of parentsFirst(rows)) {
    const parent = row.parent_ref ? services.get(row.parent_ref)! : null
    const parentArea = parent
      ? [...areas.values()].find((area) => area.id === parent.areaId)
      : undefined
    const area = await areaFor(
      row.area,
      parentArea && parentArea.name.toLowerCase() !== row.area.toLowerCase() ? parentArea.id : null
    )
    const values = {
      name: row.name,
      kind: row.kind,
      parentId: parent?.id ?? null,
      areaId: area.id,
      postcode: normalisePostcode(row.postcode),
      externalCode: row.external_code || null,
    }
    let service = services.get(row.ref)
    let action: ImportResult['action']
    if (!service) {
      service = await Service.create(
        { ...values, ref: row.ref, slug: row.ref.toLowerCase(), status: SERVICE_STATUS.open },
        { client: trx }
      )
      services.set(row.ref, service)
      action = 'created'
      structureChanged = true
    } else {
      const parentMoved = service.parentId !== values.parentId
      if (service.areaId !== values.areaId) areaChanged.push(service.id)
      service.merge(values)
      if (service.$isDirty) {
        service.useTransaction(trx)
        await service.save()
        action = 'updated'
        structureChanged ||= parentMoved
      } else {
        action = 'unchanged'
      }
    }
    results.push({ line: row.line, tenant: tenant.slug, ref: row.ref, action })
    progress()
  }
  if (structureChanged) await recomputeServicePaths(trx)
  await refreshListingsForServices(areaChanged, trx)
}

export async function importDirectory(
  text: string,
  options: { onlyTenant?: string; onProgress?: (done: number, total: number) => void } = {}
): Promise<ImportReport> {
  const problems: ImportProblem[] = []
  const results: ImportResult[] = []
  let rows = readRows(text, problems)
  if (options.onlyTenant)
    rows = rows.filter((row) => row.tenant.toLowerCase() === options.onlyTenant!.toLowerCase())

  const slugs = [...new Set(rows.map((row) => row.tenant.toLowerCase()))]
  const tenants = await tenancy.acrossTenants(
    'import a directory file naming its tenants',
    async () => Tenant.query().whereIn('slug', slugs)
  )
  const bySlug = new Map(tenants.map((tenant) => [tenant.slug, tenant]))
  if (options.onlyTenant && !bySlug.has(options.onlyTenant.toLowerCase())) {
    const known = await tenancy.acrossTenants('check a tenant slug', async () =>
      Tenant.findBy('slug', options.onlyTenant!.toLowerCase())
    )
    if (!known)
      problems.push({ line: 0, message: `no tenant has the slug "${options.onlyTenant}"` })
    else bySlug.set(known.slug, known)
  }
  for (const row of rows) {
    if (!bySlug.has(row.tenant.toLowerCase()))
      problems.push({ line: row.line, message: `unknown tenant "${row.tenant.slice(0, 63)}"` })
  }

  const rowsByTenant = new Map<Tenant, Row[]>()
  for (const row of rows) {
    const tenant = bySlug.get(row.tenant.toLowerCase())
    if (tenant) rowsByTenant.set(tenant, [...(rowsByTenant.get(tenant) ?? []), row])
  }
  for (const [tenant, tenantRows] of rowsByTenant)
    await checkTenantRows(tenant, tenantRows, problems)
  if (problems.length) return { problems: problems.sort((a, b) => a.line - b.line), results: [] }

  let done = 0
  const progress = () => {
    done++
    if (done % 1000 === 0 || done === rows.length) options.onProgress?.(done, rows.length)
  }
  await db.transaction(async (trx) => {
    for (const [tenant, tenantRows] of rowsByTenant) {
      await tenancy.run(tenant, () => writeTenantRows(tenant, tenantRows, trx, results, progress))
    }
  })
  return { problems, results }
}
