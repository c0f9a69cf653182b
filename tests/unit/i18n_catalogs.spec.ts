import { test } from '@japa/runner'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import i18nManager from '@adonisjs/i18n/services/main'
import { IntlMessageFormat } from 'intl-messageformat'
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'

/**
 * Every catalog in resources/lang is checked against the source, en-GB: a
 * folder added there is covered without touching this file.
 */
const SOURCE = 'en-GB'

function flatten(value: unknown, prefix = ''): [string, string][] {
  if (value === null || typeof value !== 'object') return [[prefix, String(value)]]
  return Object.entries(value).flatMap(([key, child]) =>
    flatten(child, prefix ? `${prefix}.${key}` : key)
  )
}

function catalog(locale: string) {
  const folder = join(app.languageFilesPath(), locale)
  return new Map(
    readdirSync(folder)
      .filter((file) => file.endsWith('.json'))
      .flatMap((file) => {
        const namespace = file.replace(/\.json$/, '')
        return flatten(JSON.parse(readFileSync(join(folder, file), 'utf8')), namespace)
      })
  )
}

/**
 * The names of the arguments a message takes. Their kind may differ: Welsh
 * puts a noun in the singular after any number, so `{days} diwrnod` is right
 * where English needs a plural.
 */
function argumentsOf(elements: MessageFormatElement[], found = new Set<string>()) {
  for (const element of elements) {
    if (element.type === TYPE.tag) argumentsOf(element.children, found)
    if ('value' in element && element.type !== TYPE.literal) {
      found.add(element.value as string)
    }
    if (element.type === TYPE.select || element.type === TYPE.plural) {
      for (const option of Object.values(element.options)) argumentsOf(option.value, found)
    }
  }
  return found
}

/** Plural branches that are neither `=N` nor a CLDR category of the locale. */
function wrongPluralCategories(elements: MessageFormatElement[], locale: string): string[] {
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[]
  return elements.flatMap((element) => {
    if (element.type === TYPE.tag) return wrongPluralCategories(element.children, locale)
    if (element.type !== TYPE.plural && element.type !== TYPE.select) return []
    const own =
      element.type === TYPE.plural
        ? Object.keys(element.options).filter(
            (option) => !option.startsWith('=') && !categories.includes(option)
          )
        : []
    return [
      ...own,
      ...Object.values(element.options).flatMap((option) =>
        wrongPluralCategories(option.value, locale)
      ),
    ]
  })
}

/**
 * Plurals that use some of the locale's own categories (beyond `one` and
 * `other`) but not all of them: a half-translated plural. `{ all: true }`
 * asks for every category in every plural.
 */
function incompletePlurals(
  elements: MessageFormatElement[],
  locale: string,
  options: { all?: boolean } = {}
): string[] {
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[]
  return elements.flatMap((element) => {
    if (element.type === TYPE.tag) return incompletePlurals(element.children, locale, options)
    if (element.type !== TYPE.plural && element.type !== TYPE.select) return []
    const used = Object.keys(element.options)
    const ownCategories = used.some(
      (option) => !['one', 'other'].includes(option) && !option.startsWith('=')
    )
    const own =
      element.type === TYPE.plural && (options.all || ownCategories)
        ? categories
            /* `=0` stands in for `zero`, the category of 0 alone (as in Welsh). */
            .filter((category) => !used.includes(category))
            .filter((category) => !(category === 'zero' && used.includes('=0')))
            .map((category) => `${element.value}:${category}`)
        : []
    return [
      ...own,
      ...Object.values(element.options).flatMap((option) =>
        incompletePlurals(option.value, locale, options)
      ),
    ]
  })
}

test.group('Translation catalogs', () => {
  const locales = readdirSync(app.languageFilesPath()).filter((name) =>
    statSync(join(app.languageFilesPath(), name)).isDirectory()
  )
  const others = locales.filter((name) => name !== SOURCE)

  test('catalogs besides en-GB are shipped, gd among them', ({ assert }) => {
    assert.includeMembers(others, ['cy', 'gd'])
  })

  test('every catalog folder is a supported locale of the app', ({ assert }) => {
    assert.includeMembers(i18nManager.supportedLocales(), locales)
  })

  for (const locale of others) {
    test(`the ${locale} catalog has exactly the keys of en-GB`, ({ assert }) => {
      const source = [...catalog(SOURCE).keys()]
      const translated = [...catalog(locale).keys()]
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

    test(`every ${locale} message takes the same arguments as in en-GB`, ({ assert }) => {
      const source = catalog(SOURCE)
      const differing = [...catalog(locale)]
        .filter(([key]) => source.has(key))
        .filter(([key, message]) => {
          const theirs = [...argumentsOf(parse(source.get(key)!))].sort()
          const ours = [...argumentsOf(parse(message))].sort()
          return theirs.join() !== ours.join()
        })
        .map(([key]) => key)
      assert.deepEqual(differing, [])
    })
  }

  for (const locale of locales) {
    test(`every ${locale} message parses and formats for its locale`, ({ assert }) => {
      const broken: string[] = []
      const wrongCategories: string[] = []
      for (const [key, message] of catalog(locale)) {
        try {
          const elements = parse(message)
          new IntlMessageFormat(message, locale)
          wrongCategories.push(...wrongPluralCategories(elements, locale).map((c) => `${key}:${c}`))
        } catch (error) {
          broken.push(`${key}: ${(error as Error).message}`)
        }
      }
      assert.deepEqual(broken, [])
      assert.deepEqual(wrongCategories, [], `plural categories ${locale} does not have`)
    })

    test(`no ${locale} plural uses only some of its plural categories`, ({ assert }) => {
      const missing = [...catalog(locale)].flatMap(([key, message]) =>
        incompletePlurals(parse(message), locale).map((gap) => `${key}:${gap}`)
      )
      assert.deepEqual(missing, [])
    })
  }

  test('every Gàidhlig plural has its four forms: one, two, few and other', ({ assert }) => {
    const missing = [...catalog('gd')].flatMap(([key, message]) =>
      incompletePlurals(parse(message), 'gd', { all: true }).map((gap) => `${key}:${gap}`)
    )
    assert.deepEqual(missing, [])
    const found = new IntlMessageFormat(catalog('gd').get('reading.search.count')!, 'gd')
    const shown = [1, 2, 3, 11, 13, 20].map((count) => found.format({ count }))
    assert.deepEqual(shown, [
      'Chaidh 1 sgeulachd a lorg',
      'Chaidh 2 sgeulachd a lorg',
      'Chaidh 3 sgeulachdan a lorg',
      'Chaidh 11 sgeulachd a lorg',
      'Chaidh 13 sgeulachdan a lorg',
      'Chaidh 20 sgeulachd a lorg',
    ])
  })
})
