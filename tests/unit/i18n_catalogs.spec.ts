import { test } from '@japa/runner'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'

const SOURCE = 'en-GB'

function flatten(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix]
  return Object.entries(value).flatMap(([key, child]) =>
    flatten(child, prefix ? `${prefix}.${key}` : key)
  )
}

function catalogKeys(locale: string) {
  const folder = join(app.languageFilesPath(), locale)
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => {
      const namespace = file.replace(/\.json$/, '')
      return flatten(JSON.parse(readFileSync(join(folder, file), 'utf8')), namespace)
    })
    .sort()
}

test.group('Translation catalogs', () => {
  const locales = readdirSync(app.languageFilesPath()).filter((name) => name !== SOURCE)

  test('at least one catalog besides en-GB is shipped', ({ assert }) => {
    assert.isAbove(locales.length, 0)
  })

  for (const locale of locales) {
    test(`the ${locale} catalog has exactly the keys of en-GB`, ({ assert }) => {
      const source = catalogKeys(SOURCE)
      const translated = catalogKeys(locale)
      assert.deepEqual(
        source.filter((key) => !translated.includes(key)),
        [],
        `missing from ${locale}`
      )
      assert.deepEqual(
        translated.filter((key) => !source.includes(key)),
        [],
        `in ${locale} but not in en-GB`
      )
    })
  }
})
