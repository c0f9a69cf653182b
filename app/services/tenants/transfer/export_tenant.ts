/**
 * tenant:export — one archive of everything of one tenant and nothing of any
 * other (see catalog.ts for what "everything" is and how it is found).
 *
 * Guarantees:
 * - rows are read in one repeatable-read transaction (one consistent
 *   snapshot) inside the tenant's context, so row-level security itself
 *   keeps every other tenant's rows out; platform rows (the tenant, its
 *   staff accounts, its pending jobs) are chosen by explicit conditions;
 * - staff accounts keep their password hashes; second-factor secrets,
 *   which this deployment keeps encrypted with its app key, are sealed with
 *   the passphrase instead and never written in clear;
 * - a reference to an account that does not travel (say, a national admin
 *   who moderated without a membership) becomes empty where the column
 *   allows it; rows that cannot exist without that account stay behind;
 * - the export is recorded in the national audit log; nothing else changes.
 */
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Tenant from '#models/tenant'
import { auditPlatform } from '#services/platform/audit'
import { deployment } from '#lib/deployment'
import { tenancy } from '#tenancy/context'
import {
  JOB_PAYLOAD_TABLES,
  PLATFORM_ROWS,
  ROW_FILTERS,
  readCatalog,
  type TableShape,
} from '#services/tenants/transfer/catalog'
import { writeArchive, type Manifest, type Row } from '#services/tenants/transfer/archive'
import {
  MIN_PASSPHRASE_LENGTH,
  newKdfParameters,
  transportKeys,
} from '#services/tenants/transfer/transport_crypto'
import { TransferError } from '#services/tenants/transfer/errors'

/** Columns holding a secret encrypted with this deployment's app key. */
export const APP_KEY_SECRETS: Record<string, string[]> = {
  users: ['totp_secret'],
  /* Story data keys (#services/story_secrets): without them the moderation history is unreadable. */
  story_keys: ['wrapped_key'],
}

export function checkPassphrase(passphrase: string | undefined): string {
  if (!passphrase || passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new TransferError(
      `the passphrase (read from standard input) must have at least ${MIN_PASSPHRASE_LENGTH} characters`
    )
  }
  return passphrase
}

function quoted(name: string) {
  return `"${name.replaceAll('"', '""')}"`
}

async function readRows(trx: TransactionClientContract, shape: TableShape, tenantId: number) {
  const generated = shape.columns.filter((column) => column.generated).map((c) => c.name)
  const platform = PLATFORM_ROWS[shape.name]
  const condition = platform
    ? platform.replaceAll('?', String(tenantId))
    : [`tenant_id = ${tenantId}`, ROW_FILTERS[shape.name]].filter(Boolean).join(' and ')
  const { rows } = await trx.rawQuery<{ rows: { row: Row }[] }>(
    `select to_jsonb(t) - ?::text[] as row from ${quoted(shape.name)} t where ${condition}
      order by to_jsonb(t)::text`,
    [generated]
  )
  return rows.map((entry) => entry.row)
}

export type ExportResult = { manifest: Manifest; file: string }

export async function exportTenant(
  slug: string,
  file: string,
  passphraseInput: string | undefined,
  actor: { id: number; email: string } | null = null
): Promise<ExportResult> {
  const passphrase = checkPassphrase(passphraseInput)
  const tenant = await Tenant.findBy(
    'slug',
    String(slug ?? '')
      .trim()
      .toLowerCase()
  )
  if (!tenant) throw new TransferError(`No tenant has the slug "${slug}"`)
  const kdf = newKdfParameters()
  const keys = transportKeys(passphrase, kdf)

  /* Inside a transaction already (the tests' global one) a savepoint takes no isolation level. */
  const nested = db.connection().isTransaction
  const tables = await tenancy.run(tenant, () =>
    db.transaction(
      async (trx) => {
        const catalog = await readCatalog(trx)
        const read = new Map<string, { columns: string[]; rows: Row[] }>()
        for (const shape of catalog.tables) {
          read.set(shape.name, {
            columns: shape.columns.filter((c) => !c.generated).map((c) => c.name),
            rows: await readRows(trx, shape, tenant.id),
          })
        }
        detachAbsentAccounts(catalog.tables, read)
        return read
      },
      nested ? undefined : { isolationLevel: 'repeatable read' }
    )
  )

  for (const [table, columns] of Object.entries(APP_KEY_SECRETS)) {
    for (const row of tables.get(table)?.rows ?? []) {
      for (const column of columns) {
        if (row[column] === null || row[column] === undefined) continue
        const clear = encryption.decrypt<string>(String(row[column]))
        if (clear === null) {
          throw new TransferError(
            `a secret in ${table}.${column} does not open with this deployment's APP_KEY`
          )
        }
        row[column] = { sealed: keys.seal(clear) }
      }
    }
  }
  for (const job of tables.get('jobs')?.rows ?? []) checkJobPayload(job)

  const domains = (tables.get('tenant_domains')?.rows ?? []).map((row) => String(row.hostname))
  const manifest = await writeArchive(
    file,
    {
      format: 'carevoice-tenant-archive',
      version: 1,
      archiveId: randomUUID(),
      createdAt: new Date().toISOString(),
      source: { deployment: deployment().name, region: deployment().region },
      tenant: { slug: tenant.slug, name: tenant.name, domains: domains.sort() },
      kdf,
    },
    tables,
    keys
  )
  await tenancy.acrossTenants('national admin: tenant export', () =>
    auditPlatform({
      action: 'tenant.exported',
      actor,
      subject: { type: 'tenant', id: tenant.slug },
      tenantSlug: tenant.slug,
      details: { archiveId: manifest.archiveId, counts: countsOf(manifest), via: 'ace' },
    })
  )
  return { manifest, file }
}

export function countsOf(manifest: Manifest) {
  return Object.fromEntries(
    Object.entries(manifest.tables).map(([table, entry]) => [table, entry.count])
  )
}

/**
 * References to accounts that do not travel: emptied where the column
 * allows, otherwise the row stays behind (a read receipt or alert setting
 * of someone with no membership here means nothing on the new deployment).
 */
function detachAbsentAccounts(
  shapes: TableShape[],
  tables: Map<string, { columns: string[]; rows: Row[] }>
) {
  const travelling = new Set((tables.get('users')?.rows ?? []).map((row) => Number(row.id)))
  for (const shape of shapes) {
    const userColumns = Object.entries(shape.references)
      .filter(([, table]) => table === 'users')
      .map(([column]) => shape.columns.find((c) => c.name === column)!)
    if (userColumns.length === 0) continue
    const entry = tables.get(shape.name)!
    entry.rows = entry.rows.filter((row) => {
      for (const column of userColumns) {
        const value = row[column.name]
        if (value === null || value === undefined || travelling.has(Number(value))) continue
        if (!column.nullable) return false
        row[column.name] = null
      }
      return true
    })
  }
}

/** A pending job whose payload holds an id we cannot rewrite would run wrong on arrival. */
function checkJobPayload(job: Row) {
  const payload = (job.payload ?? {}) as Record<string, unknown>
  for (const key of Object.keys(payload)) {
    if (/Ids?$/.test(key) && !(key in JOB_PAYLOAD_TABLES)) {
      throw new TransferError(
        `the pending job ${job.id} (${job.name}) holds "${key}", which tenant moves cannot rewrite yet`
      )
    }
  }
}
