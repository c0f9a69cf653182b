/*
 * The layout's promises, checked on the source: domain code (services,
 * mails, jobs) knows nothing of HTTP, and a story's status, a service's
 * status and a moderation event's action are written as strings only where
 * they are defined (migrations and tests aside).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { test } from '@japa/runner'
import { MODERATION_ACTION } from '#services/moderation/moderation_actions'

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
      /status'?\s*(===|!==|,|:)\s*'(unconfirmed|awaiting_moderation|needs_author_input|published|rejected|escalated|hidden|withdrawn)'|status = '(published|awaiting_moderation)'/
    const offenders = ['app', 'commands', 'resources/views']
      .flatMap((folder) => filesUnder(folder))
      .filter((file) => !['app/models/story.ts', 'app/models/author_reply.ts'].includes(file))
      .filter((file) => STATUS.test(readFileSync(join(root, file), 'utf8')))
      .map((file) => relative(root, join(root, file)))
    assert.deepEqual(offenders, [])
  })

  /** Files under app/, commands/ and the templates whose text matches `pattern`, but `definition`. */
  function spelledOutside(definition: string, pattern: RegExp) {
    return ['app', 'commands', 'resources/views']
      .flatMap((folder) => filesUnder(folder))
      .filter((file) => file !== definition)
      .filter((file) => pattern.test(readFileSync(join(root, file), 'utf8')))
  }

  test('service statuses are named, never spelled out, outside their definition', ({ assert }) => {
    const STATUS = /status'?\s*(===|!==|,|:|=)\s*'(open|closed|merged)'/
    assert.isTrue(STATUS.test(".where('status', 'open')"))
    assert.isTrue(STATUS.test("service.status !== 'merged'"))
    assert.deepEqual(spelledOutside('app/models/service.ts', STATUS), [])
  })

  test('moderation event actions are named, never spelled out, outside their definition', ({
    assert,
  }) => {
    const names = Object.values(MODERATION_ACTION).join('|')
    const ACTION = new RegExp(
      [
        `action'?\\s*(===|!==|,|:|=)\\s*'(${names})'`,
        `action: [^\\n]*\\? '(${names})'`,
        `'action',\\s*\\[[^\\]]*'(${names})'`,
      ].join('|')
    )
    assert.isTrue(ACTION.test("action: 'published'"))
    assert.isTrue(ACTION.test("e.action = 'author_answered'"))
    assert.isTrue(ACTION.test(".whereIn('action', ['asked_author'])"))
    assert.isTrue(ACTION.test("action: confirmed ? 'change_confirmed' : 'change_rejected'"))
    assert.deepEqual(spelledOutside('app/services/moderation/moderation_actions.ts', ACTION), [])
  })
})
