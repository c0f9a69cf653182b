import { test } from '@japa/runner'
import { parseCsv, toCsvLine } from '#lib/csv'

test.group('CSV', () => {
  test('reads quoted fields, doubled quotes, commas and line breaks with their line numbers', ({
    assert,
  }) => {
    const records = parseCsv('a,b,c\r\n"x, y","say ""hi""",\n"multi\nline",2,3\n\n')
    assert.deepEqual(records, [
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', ''] },
      { line: 3, fields: ['multi\nline', '2', '3'] },
    ])
  })

  test('writes what it reads', ({ assert }) => {
    const values = ['plain', 'with, comma', 'with "quote"', '', 'two\nlines']
    assert.deepEqual(parseCsv(toCsvLine(values))[0].fields, values)
  })

  test('ignores a byte-order mark', ({ assert }) => {
    assert.deepEqual(parseCsv('\uFEFFtenant,ref\n')[0].fields, ['tenant', 'ref'])
  })
})
