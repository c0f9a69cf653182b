/*
 * The layout's two promises, checked on the source: domain code (services,
 * mails, jobs) knows nothing of HTTP, and a story's status is written as a
 * string only where the statuses are defined.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { test } from '@japa/runner'

const root = resolve(import.meta.dirname, '../..')

function filesUnder(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return filesUnder(path)
    return /\.(ts|edge)$/.test(entry.name) ? [path] : []
  })
}

test.group('Domain boundaries', () => {
  test('no domain file imports HttpContext or reaches for a request', ({ assert }) => {
    const offenders = ['app/services', 'app/mails', 'app/jobs']
      .flatMap((folder) => filesUnder(folder))
      .filter((file) =>
        /@adonisjs\/core\/http'|HttpContext|ctx\.(request|response|session)/.test(
          readFileSync(join(root, file), 'utf8')
        )
      )
    assert.deepEqual(offenders, [])
  })

  test('story statuses are named, never spelled out, outside their definition', ({ assert }) => {
    const STATUS =
      /status\s*(===|!==|,|:)\s*'(unconfirmed|awaiting_moderation|needs_author_input|published|rejected|escalated|hidden|withdrawn)'|status = '(published|awaiting_moderation)'/
    const offenders = ['app', 'commands', 'resources/views']
      .flatMap((folder) => filesUnder(folder))
      .filter((file) => !['app/models/story.ts', 'app/models/author_reply.ts'].includes(file))
      .filter((file) => STATUS.test(readFileSync(join(root, file), 'utf8')))
      .map((file) => relative(root, join(root, file)))
    assert.deepEqual(offenders, [])
  })
})
