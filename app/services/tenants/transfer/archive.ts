/**
 * The tenant archive file: gzip'd JSON lines. The first line is the
 * manifest (format, version, where it came from, per table: columns, row
 * count and SHA-256 of its lines) with an HMAC under the passphrase; each
 * following line is one row, `{"t": table, "r": row}`.
 *
 * Reading checks everything before anything is used: a file that is not
 * gzip, a line that is not JSON, a manifest whose HMAC does not match (a
 * changed byte, or another passphrase), a table whose count or checksum
 * differs — each is refused with one line.
 */
import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { readFile, rename, rm, stat } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { createGzip, gunzipSync } from 'node:zlib'
import {
  sameMac,
  transportKeys,
  TransportError,
  type KdfParameters,
  type TransportKeys,
} from '#services/tenants/transfer/transport_crypto'

export const ARCHIVE_FORMAT = 'carevoice-tenant-archive'
export const ARCHIVE_VERSION = 1

export type Row = Record<string, unknown>

export type TableEntry = { columns: string[]; count: number; sha256: string }

export type Manifest = {
  format: typeof ARCHIVE_FORMAT
  version: number
  archiveId: string
  createdAt: string
  source: { deployment: string; region: string | null }
  tenant: { slug: string; name: string; domains: string[] }
  kdf: KdfParameters
  tables: Record<string, TableEntry>
}

export class ArchiveError extends Error {}

function canonical(manifest: Manifest) {
  return JSON.stringify(manifest)
}

function lineOf(table: string, row: Row) {
  return JSON.stringify({ t: table, r: row })
}

/** Writes the archive atomically: a half-written file never has the final name. */
export async function writeArchive(
  file: string,
  manifest: Omit<Manifest, 'tables'>,
  tables: Map<string, { columns: string[]; rows: Row[] }>,
  keys: TransportKeys
) {
  const entries: Record<string, TableEntry> = {}
  const lines: string[] = []
  for (const [table, { columns, rows }] of tables) {
    const digest = createHash('sha256')
    for (const row of rows) {
      const line = lineOf(table, row)
      digest.update(line).update('\n')
      lines.push(line)
    }
    entries[table] = { columns, count: rows.length, sha256: digest.digest('hex') }
  }
  const full: Manifest = { ...manifest, tables: entries }
  const head = JSON.stringify({ manifest: full, mac: keys.mac(canonical(full)) })
  const partial = `${file}.partial`
  try {
    await pipeline(
      Readable.from(
        (function* () {
          yield `${head}\n`
          for (const line of lines) yield `${line}\n`
        })()
      ),
      createGzip(),
      createWriteStream(partial, { mode: 0o600 })
    )
    await rename(partial, file)
  } catch (error) {
    await rm(partial, { force: true })
    throw new ArchiveError(`could not write ${file}: ${(error as Error).message}`)
  }
  return full
}

/** The archive's lines; a file that is not complete gzip is refused whole. */
async function linesOf(file: string) {
  let text: string
  try {
    text = gunzipSync(await readFile(file)).toString('utf8')
  } catch {
    throw new ArchiveError(`${file} is damaged (not a complete tenant archive)`)
  }
  return text.split('\n').filter((line) => line.length > 0)
}

function parse(line: string) {
  try {
    return JSON.parse(line)
  } catch {
    throw new ArchiveError('the archive is damaged (a line is not valid JSON)')
  }
}

function checkManifest(head: unknown, passphrase: string) {
  const { manifest, mac } = (head ?? {}) as { manifest?: Manifest; mac?: string }
  if (!manifest || manifest.format !== ARCHIVE_FORMAT || typeof mac !== 'string') {
    throw new ArchiveError('the file is not a Carevoice tenant archive')
  }
  if (manifest.version !== ARCHIVE_VERSION) {
    throw new ArchiveError(
      `the archive has format version ${manifest.version}; this deployment reads version ${ARCHIVE_VERSION}`
    )
  }
  let keys: TransportKeys
  try {
    keys = transportKeys(passphrase, manifest.kdf)
  } catch (error) {
    if (error instanceof TransportError) throw new ArchiveError(error.message)
    throw new ArchiveError('the archive manifest is damaged')
  }
  if (!sameMac(keys.mac(canonical(manifest)), mac)) {
    throw new ArchiveError(
      'the archive was changed since it was made, or the passphrase is not the one it was made with'
    )
  }
  return { manifest, keys }
}

/** Reads and checks a whole archive; nothing in it is trusted before this returns. */
export async function readArchive(file: string, passphrase: string) {
  const found = await stat(file).catch(() => null)
  if (!found?.isFile()) throw new ArchiveError(`${file} does not exist or is not a file`)
  let checked: ReturnType<typeof checkManifest> | null = null
  const tables = new Map<string, Row[]>()
  const digests = new Map<string, ReturnType<typeof createHash>>()
  for (const line of await linesOf(file)) {
    if (!checked) {
      checked = checkManifest(parse(line), passphrase)
      continue
    }
    const { t: table, r: row } = parse(line) as { t?: string; r?: Row }
    const entry = table ? checked.manifest.tables[table] : undefined
    if (!table || !entry || !row || typeof row !== 'object') {
      throw new ArchiveError('the archive is damaged (a row names no table of its manifest)')
    }
    if (!digests.has(table)) digests.set(table, createHash('sha256'))
    digests.get(table)!.update(line).update('\n')
    if (!tables.has(table)) tables.set(table, [])
    tables.get(table)!.push(row)
  }
  if (!checked) throw new ArchiveError(`${file} is empty or not a tenant archive`)
  for (const [table, entry] of Object.entries(checked.manifest.tables)) {
    const rows = tables.get(table) ?? []
    const digest = digests.get(table)?.digest('hex') ?? createHash('sha256').digest('hex')
    if (rows.length !== entry.count || digest !== entry.sha256) {
      throw new ArchiveError(`the archive is damaged (table ${table} does not match its manifest)`)
    }
    tables.set(table, rows)
  }
  return { manifest: checked.manifest, keys: checked.keys, tables }
}
