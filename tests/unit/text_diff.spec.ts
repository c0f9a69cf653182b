import { test } from '@japa/runner'
import { diffWords, highlightRanges } from '#lib/text_diff'

function side(parts: ReturnType<typeof diffWords>, skip: 'removed' | 'added') {
  return parts
    .filter((part) => part.kind !== skip)
    .map((part) => part.text)
    .join('')
}

test.group('Word diff of a moderator’s changes', () => {
  test('a removed name and an added phrase are the only changes shown', ({ assert }) => {
    const before = 'Nurse Fiona McLeod was kind to my dad at 3am.'
    const after = 'The night nurse was kind to my dad at 3am.'
    const parts = diffWords(before, after)
    assert.deepEqual(
      parts.filter((part) => part.kind === 'removed').map((part) => part.text.trim()),
      ['Nurse Fiona McLeod']
    )
    assert.deepEqual(
      parts.filter((part) => part.kind === 'added').map((part) => part.text.trim()),
      ['The night nurse']
    )
    assert.equal(side(parts, 'added'), before)
    assert.equal(side(parts, 'removed'), after)
  })

  test('identical texts have no change; an emptied text is one removal', ({ assert }) => {
    assert.deepEqual(diffWords('same words', 'same words'), [{ kind: 'same', text: 'same words' }])
    assert.deepEqual(diffWords('gone', ''), [{ kind: 'removed', text: 'gone' }])
  })

  test('a long story with scattered edits keeps both sides exact', ({ assert }) => {
    const words = Array.from({ length: 1500 }, (_, index) => `word${index % 97}`)
    const before = words.join(' ')
    const edited = [...words]
    edited[10] = 'changed'
    edited.splice(700, 3)
    edited[1400] = 'other'
    const after = edited.join(' ')
    const parts = diffWords(before, after)
    assert.equal(side(parts, 'added'), before)
    assert.equal(side(parts, 'removed'), after)
    assert.isBelow(parts.filter((part) => part.kind !== 'same').length, 8)
  })
})

test.group('Highlighting ranges in text', () => {
  test('splits text around overlapping and adjacent ranges without losing any', ({ assert }) => {
    const text = 'Call 07700 900123 or email a@b.test now'
    const ranges = [
      { start: 5, end: 17, kind: 'phone' },
      { start: 27, end: 35, kind: 'email' },
      { start: 6, end: 10, kind: 'overlap' },
    ]
    const pieces = highlightRanges(text, ranges)
    assert.equal(pieces.map((piece) => piece.text).join(''), text)
    assert.deepEqual(
      pieces.filter((piece) => piece.range).map((piece) => piece.text),
      ['07700 900123', 'a@b.test']
    )
  })
})
