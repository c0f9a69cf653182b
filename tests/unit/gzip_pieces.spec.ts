import { randomBytes, randomInt } from 'node:crypto'
import { crc32, gunzipSync } from 'node:zlib'
import { test } from '@japa/runner'
import {
  acceptsGzip,
  crcCombine,
  crcShift,
  gzipFor,
  gzipPiecesOf,
} from '#services/reading/gzip_pieces'

/* Text like a page: repetitive markup, Welsh and Gaelic letters, an emoji, and random bytes. */
function randomPiece() {
  const words = ['<li class="card">', 'gwasanaeth', 'seirbheis', 'ŵyr', 'àite', '😀', '&amp;']
  let text = ''
  const count = randomInt(0, 400)
  for (let i = 0; i < count; i++) text += words[randomInt(words.length)] + ' '
  return Buffer.concat([Buffer.from(text), randomBytes(randomInt(0, 64))])
}

test.group('Kept pages in gzip with a token per reader', () => {
  test('the CRC of two parts is combined from theirs, as zlib computes it whole', ({ assert }) => {
    for (let run = 0; run < 50; run++) {
      const a = randomBytes(randomInt(0, 5000))
      const b = randomBytes(randomInt(0, 70_000))
      assert.equal(
        crcCombine(crc32(a), crc32(b), crcShift(b.length)),
        crc32(Buffer.concat([a, b])),
        `lengths ${a.length} and ${b.length}`
      )
    }
  })

  test('a page decompresses to its pieces joined by the reader’s token', ({ assert }) => {
    for (let run = 0; run < 40; run++) {
      const pieces = Array.from({ length: randomInt(1, 6) }, randomPiece)
      if (run === 0) pieces.splice(0, pieces.length, Buffer.alloc(0), Buffer.alloc(0))
      const page = gzipPiecesOf(pieces)
      for (const token of ['3f2a9c1e.AbC-_x9', 'ñ'.repeat(randomInt(0, 60)), '']) {
        const body = gunzipSync(Buffer.concat(gzipFor(page, token)))
        const expected = Buffer.concat(
          pieces.flatMap((piece, index) => (index ? [Buffer.from(token), piece] : [piece]))
        )
        assert.isTrue(body.equals(expected), `run ${run}, ${pieces.length} pieces`)
      }
    }
  })

  test('the compressed page is much smaller than the page', ({ assert }) => {
    const html = Buffer.from('<li class="card"><a href="/stories/1">A story</a></li>\n'.repeat(800))
    const page = gzipPiecesOf([html.subarray(0, 20_000), html.subarray(20_000)])
    const sent = Buffer.concat(gzipFor(page, 'a-token')).length
    assert.isBelow(sent, html.length / 10)
  })

  test('Accept-Encoding is read as browsers send it', ({ assert }) => {
    assert.isTrue(acceptsGzip('gzip, deflate, br, zstd'))
    assert.isTrue(acceptsGzip('br;q=1.0, gzip;q=0.8, *;q=0.1'))
    assert.isTrue(acceptsGzip('*'))
    assert.isFalse(acceptsGzip(undefined))
    assert.isFalse(acceptsGzip('identity'))
    assert.isFalse(acceptsGzip('br'))
    assert.isFalse(acceptsGzip('gzip;q=0, *'))
    assert.isFalse(acceptsGzip('*;q=0'))
    assert.isFalse(acceptsGzip('gzipped'))
  })
})
