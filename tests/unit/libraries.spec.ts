import { test } from '@japa/runner'
import { CsvSyntaxError, parseCsv } from '#lib/csv'
import { diffWords } from '#lib/text_diff'

test.group('CSV through csv-parse', () => {
  test('a quote never closed is refused with the line it starts on, not read to the end', ({
    assert,
  }) => {
    const error = (() => {
      try {
        parseCsv('tenant,ref\nfife,"ward-6\nfife,ward-7\n')
      } catch (caught) {
        return caught
      }
    })()
    assert.instanceOf(error, CsvSyntaxError)
  })

  test('a quote inside an unquoted field is kept as text', ({ assert }) => {
    assert.deepEqual(parseCsv('name,note\nSt Mary\'s,a "good" ward\n')[1].fields, [
      "St Mary's",
      'a "good" ward',
    ])
  })
})

test.group('Word diff through jsdiff', () => {
  test('two long stories with nothing in common stay exact on both sides', ({ assert }) => {
    const before = Array.from({ length: 3000 }, (_, index) => `old${index}`).join(' ')
    const after = Array.from({ length: 3000 }, (_, index) => `new${index}`).join(' ')
    const parts = diffWords(before, after)
    const side = (skip: string) =>
      parts
        .filter((part) => part.kind !== skip)
        .map((part) => part.text)
        .join('')
    assert.equal(side('added'), before)
    assert.equal(side('removed'), after)
  })
})
