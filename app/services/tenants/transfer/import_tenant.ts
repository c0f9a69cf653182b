/**
 * tenant:import — brings a tenant archive (export_tenant.ts) into this
 * deployment, all or nothing.
 *
 * Guarantees:
 * - the whole archive is checked before anything is written: manifest
 *   HMAC under the passphrase, every table's count and checksum, the format
 *   version, and that this deployment's schema has every table and column
 *   the archive holds;
 * - refused, with nothing changed, when the slug or any domain already
 *   exists here; importing the same archive again once it succeeded is
 *   recognised (tenants.imported_archive_id) and changes nothing;
 * - every id is new: ids come from this database's sequences and every
 *   reference is rewritten along the foreign keys (and the id-bearing
 *   columns named in catalog.ts), so nothing collides with the tenants
 *   already here;
 * - one transaction; the tenant-owned rows are written inside the new
 *   tenant's context, so row-level security refuses any row that is not
 *   the new tenant's; derived tables (story listings and their figures) are
 *   rebuilt; the rows now here are counted and must equal the manifest's
 *   counts, or everything is rolled back;
 * - a staff member who already has an account here (same email, any case)
 *   keeps that one account, its password and second factor, and gains the
 *   imported memberships. New accounts keep their password hash; their
 *   second-factor secret is unsealed with the passphrase and encrypted with
 *   this deployment's key. No imported account becomes a national admin.
 */
import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Tenant from '#models/tenant'
import TenantDomain from '#models/tenant_domain'
import { adminHost } from '#config/app'
import { auditPlatform } from '#services/platform/audit'
import { LISTINGS_INSERT } from '#services/stories/story_listings'
import { hostCache } from '#tenancy/host_cache'
import { tenancy } from '#tenancy/context'
import {
  AUDIT_SUBJECT_TABLES,
  ID_BEARING_COLUMNS,
  JOB_PAYLOAD_TABLES,
  PLATFORM_ROWS,
  readCatalog,
  type TableShape,
} from '#services/tenants/transfer/catalog'
import {
  ArchiveError,
  readArchive,
  type Manifest,
  type Row,
} from '#services/tenants/transfer/archive'
import {
  APP_KEY_SECRETS,
  checkPassphrase,
  countsOf,
} from '#services/tenants/transfer/export_tenant'
import type { TransportKeys } from '#services/tenants/transfer/transport_crypto'
import { TransferError } from '#services/tenants/transfer/errors'
import { LINKED_ID_TABLES } from '#services/tenants/transfer/moved_ids'

export type ImportResult = {
  manifest: Manifest
  tenant: Tenant
  counts: Record<string, number>
  alreadyImported: boolean
}

type IdMaps = Map<string, Map<number, number>>

const BATCH = 500

function quoted(name: string) {
  return `"${name.replaceAll('"', '""')}"`
}

export async function importTenant(
  file: string,
  passphraseInput: string | undefined,
  actor: { id: number; email: string } | null = null
): Promise<ImportResult> {
  const passphrase = checkPassphrase(passphraseInput)
  let archive: Awaited<ReturnType<typeof readArchive>>
  try {
    archive = await readArchive(file, passphrase)
  } catch (error) {
    if (error instanceof ArchiveError) throw new TransferError(error.message)
    throw error
  }
  const { manifest, keys, tables } = archive

  return tenancy.acrossTenants('national admin: tenant import', async () => {
    const existing = await Tenant.findBy('slug', manifest.tenant.slug)
    if (existing) {
      if (existing.importedArchiveId === manifest.archiveId) {
        const counts = await countTenantRows(db.connection() as never, manifest, existing.id)
        return { manifest, tenant: existing, counts, alreadyImported: true }
      }
      throw new TransferError(
        `a tenant with the slug "${manifest.tenant.slug}" already exists on this deployment`
      )
    }
    const domains = manifest.tenant.domains
    if (domains.includes(adminHost)) {
      throw new TransferError(`${adminHost} is this deployment's national admin host`)
    }
    const taken = await TenantDomain.query().whereIn('hostname', domains).first()
    if (taken) {
      throw new TransferError(
        `the domain ${taken.hostname} already belongs to a tenant on this deployment`
      )
    }

    const catalog = await readCatalog(db.connection() as never)
    const shapes = catalog.tables.filter((shape) => shape.name in manifest.tables)
    for (const [table, entry] of Object.entries(manifest.tables)) {
      const shape = shapes.find((candidate) => candidate.name === table)
      const missing = shape
        ? entry.columns.filter((name) => !shape.columns.some((column) => column.name === name))
        : []
      if (!shape || missing.length > 0) {
        throw new TransferError(
          `this deployment's database has no ${shape ? `column ${table}.${missing[0]}` : `table ${table}`}: run its migrations first`
        )
      }
    }

    const tenant = await db.transaction(async (trx) => {
      const ids: IdMaps = new Map()
      const write = (shape: TableShape) =>
        writeTable(trx, shape, manifest, tables.get(shape.name) ?? [], ids, keys, tables)

      await write(shapes.find((shape) => shape.name === 'tenants')!)
      const tenantId = [...ids.get('tenants')!.values()][0]
      await write(shapes.find((shape) => shape.name === 'users')!)
      /* Every new id first: audit entries and job payloads name rows of tables written later. */
      for (const shape of shapes) {
        if (shape.name !== 'tenants' && shape.name !== 'users') {
          await allocateIds(trx, shape, tables.get(shape.name) ?? [], ids, tables)
        }
      }
      const ref = { id: tenantId, slug: manifest.tenant.slug }
      await tenancy.run(ref, async () => {
        /* moved_ids last: its new ids are those of the rows written before it. */
        const rest = shapes.filter(
          (shape) => !['tenants', 'users', 'moved_ids'].includes(shape.name)
        )
        for (const shape of rest) await write(shape)
        const moved = shapes.find((shape) => shape.name === 'moved_ids')
        if (moved) await write(moved)
        await recordMovedIds(trx, tenantId, ids)
        await trx.rawQuery(LISTINGS_INSERT(`s.tenant_id = ${Number(tenantId)}`))
      })

      const counts = await countTenantRows(trx, manifest, tenantId)
      for (const [table, expected] of Object.entries(countsOf(manifest))) {
        if (counts[table] !== expected) {
          throw new TransferError(
            `the import found ${counts[table]} rows of ${table} where the archive has ${expected}; nothing was imported`
          )
        }
      }
      await auditPlatform(
        {
          action: 'tenant.imported',
          actor,
          subject: { type: 'tenant', id: manifest.tenant.slug },
          tenantSlug: manifest.tenant.slug,
          details: {
            archiveId: manifest.archiveId,
            from: manifest.source,
            counts,
            via: 'ace',
          },
        },
        trx
      )
      return Tenant.findOrFail(tenantId, { client: trx })
    })
    hostCache.clear()
    return { manifest, tenant, counts: countsOf(manifest), alreadyImported: false }
  })
}

/** Rows of the tenant now in each table the archive has, counted the way the export chose them. */
async function countTenantRows(
  client: TransactionClientContract,
  manifest: Manifest,
  tenantId: number
) {
  const counts: Record<string, number> = {}
  await tenancy.run({ id: tenantId, slug: manifest.tenant.slug }, async () => {
    for (const table of Object.keys(manifest.tables)) {
      const condition =
        table === 'jobs'
          ? PLATFORM_ROWS.jobs
          : table === 'users'
            ? PLATFORM_ROWS.users
            : table === 'tenants'
              ? PLATFORM_ROWS.tenants
              : 'tenant_id = ?'
      const { rows } = await client.rawQuery<{ rows: { total: number }[] }>(
        `select count(*)::int as total from ${quoted(table)} where ${condition}`,
        [tenantId]
      )
      counts[table] = rows[0].total
    }
  })
  /* moved_ids also holds the arrival's own entries: one per linked row (recordMovedIds). */
  if ('moved_ids' in counts) {
    for (const kind of LINKED_ID_TABLES) counts.moved_ids -= manifest.tables[kind]?.count ?? 0
  }
  return counts
}

async function newIds(trx: TransactionClientContract, sequence: string, count: number) {
  if (count === 0) return []
  const { rows } = await trx.rawQuery<{ rows: { id: number }[] }>(
    'select nextval(?::regclass)::bigint as id from generate_series(1, ?)',
    [sequence, count]
  )
  return rows.map((row) => Number(row.id))
}

function mapped(ids: IdMaps, table: string, value: unknown, where: string) {
  if (value === null || value === undefined) return null
  const found = ids.get(table)?.get(Number(value))
  if (found === undefined) {
    throw new TransferError(`the archive is damaged (${where} refers to a row it does not hold)`)
  }
  return found
}

async function writeTable(
  trx: TransactionClientContract,
  shape: TableShape,
  manifest: Manifest,
  rows: Row[],
  ids: IdMaps,
  keys: TransportKeys,
  tables: Map<string, Row[]>
) {
  const columns = manifest.tables[shape.name].columns
  if (shape.name === 'users') return writeUsers(trx, shape, rows, ids, keys, columns)

  const own = await allocateIds(trx, shape, rows, ids, tables)

  const selfReferences: { column: string; pairs: { id: number; value: number }[] }[] =
    Object.entries(shape.references)
      .filter(([, table]) => table === shape.name)
      .map(([column]) => ({ column, pairs: [] }))

  const prepared = rows.map((source) => {
    if (shape.name === 'moved_ids') {
      return {
        ...source,
        tenant_id: [...ids.get('tenants')!.values()][0],
        new_id: mapped(ids, String(source.kind), source.new_id, 'moved_ids.new_id'),
      }
    }
    const row = { ...source }
    if (shape.idSequence) row.id = own.get(Number(source.id))
    for (const [column, table] of Object.entries(shape.references)) {
      if (table === shape.name) continue
      row[column] = mapped(ids, table, source[column], `${shape.name}.${column}`)
    }
    for (const self of selfReferences) {
      const value = mapped(ids, shape.name, source[self.column], `${shape.name}.${self.column}`)
      if (value !== null) self.pairs.push({ id: Number(row.id), value })
      row[self.column] = null
    }
    rewriteIdBearing(shape.name, row, ids, manifest)
    /* Secrets kept under the app key (story keys): sealed in transit, re-encrypted here. */
    for (const column of APP_KEY_SECRETS[shape.name] ?? []) {
      const sealed = row[column] as { sealed?: string } | null
      row[column] = sealed?.sealed ? encryption.encrypt(keys.open(sealed.sealed)) : null
    }
    if (shape.name === 'tenants') {
      row.imported_archive_id = manifest.archiveId
      row.moved_to_url = null
    }
    return row
  })

  await insertRows(trx, shape.name, columns, prepared)
  for (const self of selfReferences) {
    if (self.pairs.length === 0) continue
    await trx.rawQuery(
      `update ${quoted(shape.name)} t set ${quoted(self.column)} = (m->>'value')::bigint
         from jsonb_array_elements(?::jsonb) m where t.id = (m->>'id')::bigint`,
      [JSON.stringify(self.pairs)]
    )
  }
}

async function insertRows(
  trx: TransactionClientContract,
  table: string,
  columns: string[],
  rows: Row[]
) {
  const list = columns.map(quoted).join(', ')
  for (let start = 0; start < rows.length; start += BATCH) {
    await trx.rawQuery(
      `insert into ${quoted(table)} (${list})
       select ${list} from jsonb_populate_recordset(null::${quoted(table)}, ?::jsonb)`,
      [JSON.stringify(rows.slice(start, start + BATCH))]
    )
  }
}

/** Accounts: matched by email with accounts already here, otherwise created. */
async function writeUsers(
  trx: TransactionClientContract,
  shape: TableShape,
  rows: Row[],
  ids: IdMaps,
  keys: TransportKeys,
  columns: string[]
) {
  const own = new Map<number, number>()
  ids.set('users', own)
  const emails = rows.map((row) => String(row.email).toLowerCase())
  const { rows: found } = await trx.rawQuery<{ rows: { id: number; email: string }[] }>(
    'select id, lower(email) as email from users where lower(email) = any(?)',
    [emails]
  )
  const existing = new Map(found.map((row) => [row.email, Number(row.id)]))
  const created: Row[] = []
  for (const source of rows) {
    const match = existing.get(String(source.email).toLowerCase())
    if (match !== undefined) {
      own.set(Number(source.id), match)
      continue
    }
    const row: Row = { ...source, is_national_admin: false }
    for (const column of APP_KEY_SECRETS.users ?? []) {
      const sealed = row[column] as { sealed?: string } | null
      row[column] = sealed?.sealed ? encryption.encrypt(keys.open(sealed.sealed)) : null
    }
    created.push(row)
  }
  const fresh = await newIds(trx, shape.idSequence!, created.length)
  created.forEach((row, index) => {
    own.set(Number(row.id), fresh[index])
    row.id = fresh[index]
  })
  await insertRows(trx, 'users', columns, created)
}

/** A saved search's or search subscription's tag filter, pointed at the tag's new id. */
function withSearchTagMapped(value: unknown, format: 'json' | 'query', ids: IdMaps, where: string) {
  if (format === 'json') {
    const criteria = { ...(value as Record<string, unknown>) }
    if (criteria.tag) criteria.tag = mapped(ids, 'story_tags', criteria.tag, where)
    return criteria
  }
  /* Written by URLSearchParams (searchQueryString), so written back the same way. */
  const params = new URLSearchParams(String(value))
  const tag = params.get('tag')
  if (!tag) return value
  params.set('tag', String(mapped(ids, 'story_tags', tag, where)))
  return params.toString()
}

/** The columns that hold ids without a foreign key (catalog.ts ID_BEARING_COLUMNS). */
function rewriteIdBearing(table: string, row: Row, ids: IdMaps, manifest: Manifest) {
  for (const [key, rewrite] of Object.entries(ID_BEARING_COLUMNS)) {
    const [owner, column] = key.split('.')
    if (owner !== table || row[column] === null || row[column] === undefined) continue
    const where = `${table}.${column}`
    switch (rewrite.kind) {
      case 'dotted_path':
        row[column] = String(row[column])
          .split('.')
          .map((part) => (part === '' ? '' : String(mapped(ids, rewrite.table, part, where))))
          .join('.')
        break
      case 'id_array':
        row[column] = (row[column] as unknown[]).map((value) =>
          mapped(ids, rewrite.table, value, where)
        )
        break
      case 'audit_subject': {
        /* History may name rows long deleted: those ids stay as they were. */
        const subjectTable = AUDIT_SUBJECT_TABLES[String(row.subject_type)]
        const found = subjectTable ? ids.get(subjectTable)?.get(Number(row[column])) : undefined
        if (found !== undefined) row[column] = String(found)
        break
      }
      case 'job_payload': {
        const payload = { ...(row[column] as Record<string, unknown>) }
        for (const [name, target] of Object.entries(JOB_PAYLOAD_TABLES)) {
          if (name in payload) payload[name] = mapped(ids, target, payload[name], where)
        }
        row[column] = payload
        /* Dedupe keys are unique on the platform and may embed old ids. */
        if (row.dedupe_key) {
          row.dedupe_key = `${row.dedupe_key}~moved:${manifest.archiveId.slice(0, 8)}`
        }
        break
      }
      case 'search_tag':
        row[column] = withSearchTagMapped(row[column], rewrite.format, ids, where)
        break
      case 'moved_new_id':
      case 'not_an_id':
        break
    }
  }
}

/** This table's old id → new id, taken from this database's sequence (once per table). */
async function allocateIds(
  trx: TransactionClientContract,
  shape: TableShape,
  rows: Row[],
  ids: IdMaps,
  tables: Map<string, Row[]>
) {
  const known = ids.get(shape.name)
  if (known) return known
  const own = new Map<number, number>()
  ids.set(shape.name, own)
  if (shape.idSequence) {
    if ((LINKED_ID_TABLES as readonly string[]).includes(shape.name)) {
      await skipPastOldIds(trx, shape, rows, tables)
    }
    const fresh = await newIds(trx, shape.idSequence, rows.length)
    rows.forEach((row, index) => own.set(Number(row.id), fresh[index]))
  }
  return own
}

/**
 * Every id given here to a linked row (moved_ids.ts) must be larger than
 * every old id of the tenant, those of earlier moves included.
 */
async function skipPastOldIds(
  trx: TransactionClientContract,
  shape: TableShape,
  rows: Row[],
  tables: Map<string, Row[]>
) {
  const earlier = (tables.get('moved_ids') ?? []).filter((row) => row.kind === shape.name)
  const past = Math.max(
    0,
    ...rows.map((row) => Number(row.id)),
    ...earlier.map((row) => Number(row.old_id))
  )
  if (past > 0) {
    await trx.rawQuery('select carevoice_skip_ids(?::regclass, ?)', [shape.idSequence!, past])
  }
}

/** Old id → new id of every linked row, so links from before the move find it. */
async function recordMovedIds(trx: TransactionClientContract, tenantId: number, ids: IdMaps) {
  for (const kind of LINKED_ID_TABLES) {
    const pairs = [...(ids.get(kind)?.entries() ?? [])].map(([oldId, newId]) => ({
      tenant_id: tenantId,
      kind,
      old_id: oldId,
      new_id: newId,
    }))
    for (let start = 0; start < pairs.length; start += BATCH) {
      await trx.rawQuery(
        `insert into moved_ids (tenant_id, kind, old_id, new_id)
         select tenant_id, kind, old_id, new_id from jsonb_populate_recordset(null::moved_ids, ?::jsonb)
         on conflict do nothing`,
        [JSON.stringify(pairs.slice(start, start + BATCH))]
      )
    }
  }
}
