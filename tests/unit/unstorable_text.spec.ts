import { test } from '@japa/runner'
import { firstUnstorableField, isStorableText, percentEscapesAreUtf8 } from '#lib/unstorable_text'

test.group('Unstorable text', () => {
  test('ordinary text, Welsh, emoji, tabs and line breaks are storable', ({ assert }) => {
    for (const text of ['Ward 6', 'Ysbyty Gwynedd – diolch', 'great 😀', 'a\tb', 'one\r\ntwo\n']) {
      assert.isTrue(isStorableText(text), JSON.stringify(text))
    }
  })

  test('NUL, other control characters and lone surrogates are not', ({ assert }) => {
    for (const text of ['a\u0000', '\u0007', 'esc\u001b[2J', '\u000b', 'x\ud800', '\udc00y']) {
      assert.isFalse(isStorableText(text), JSON.stringify(text))
    }
  })

  test('single-line values also refuse tab and line breaks', ({ assert }) => {
    assert.isFalse(isStorableText('a\nb', { singleLine: true }))
    assert.isFalse(isStorableText('a\tb', { singleLine: true }))
    assert.isTrue(isStorableText('a b', { singleLine: true }))
  })

  test('names the first bad field, nested values and keys included', ({ assert }) => {
    assert.isNull(firstUnstorableField({ name: 'Sam', tags: ['a', 'b'], nested: { x: 1 } }))
    assert.equal(firstUnstorableField({ name: 'Sam', body: 'a\u0000' }), 'body')
    assert.equal(firstUnstorableField({ tags: ['ok', 'b\ud800'] }), 'tags[1]')
    assert.equal(firstUnstorableField({ service: { name: '\u0001' } }), 'service.name')
    assert.equal(firstUnstorableField({ ['bad\u0000key']: 'x' }), 'bad\u0000key')
  })

  test('percent-escapes must decode to valid UTF-8', ({ assert }) => {
    assert.isTrue(percentEscapesAreUtf8('/services/search?q=caf%C3%A9+%F0%9F%98%80&x=%41'))
    assert.isTrue(percentEscapesAreUtf8('no escapes at all, 100% fine'))
    assert.isFalse(percentEscapesAreUtf8('?q=%ED%A0%80'))
    assert.isFalse(percentEscapesAreUtf8('?q=%C3'))
    assert.isFalse(percentEscapesAreUtf8('name=%FF%FE'))
  })
})
