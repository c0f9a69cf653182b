import { test } from '@japa/runner'
import { CachedIcuFormatter } from '#lib/cached_icu_formatter'

test.group('Cached ICU formatter', () => {
  test('a message is compiled once per locale and still formats each call’s values', ({
    assert,
  }) => {
    const formatter = new CachedIcuFormatter()
    const message = '{count, plural, =0 {No stories} one {# story} other {# stories}}'
    assert.equal(formatter.format(message, 'en-GB', { count: 0 }), 'No stories')
    assert.equal(formatter.format(message, 'en-GB', { count: 1 }), '1 story')
    assert.equal(formatter.format(message, 'en-GB', { count: 1234 }), '1,234 stories')
    assert.equal(formatter.compiledFor('en-GB'), 1)
    /* Welsh plural rules are Welsh: "two" is its own category. */
    const welsh = '{count, plural, one {# stori} two {# stori (dwy)} other {# stori (llawer)}}'
    assert.equal(formatter.format(welsh, 'cy', { count: 2 }), '2 stori (dwy)')
    assert.equal(formatter.compiledFor('cy'), 1)
    assert.equal(formatter.format('Hello {name}', 'en-GB', { name: '<b>' }), 'Hello <b>')
  })
})
