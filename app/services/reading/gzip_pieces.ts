/**
 * A kept page compressed once, with each reader's CSRF token still put in
 * per request: gzip for browsers, which all ask for it, at the cost of a
 * few integer operations per reader instead of compressing the page again.
 *
 * How: each piece of the page (the body cut where the token goes) is
 * deflated on its own and ends byte-aligned (a full flush), so the
 * reader's token fits between two pieces as a stored (uncompressed)
 * deflate block. The gzip trailer needs the CRC-32 of the whole body:
 * it is combined from each piece's CRC and the token's, as zlib's
 * crc32_combine does (multiplying by x^(8·length) modulo the CRC
 * polynomial), with each piece's operator computed once.
 *
 * Guarantees: `gzipFor(page, token)` is a valid gzip stream (RFC 1952)
 * whose content is exactly the pieces joined by `token`
 * (tests/unit/gzip_pieces.spec.ts checks it with zlib on random pages).
 */
import { constants, crc32, deflateRawSync } from 'node:zlib'

/* CRC-32 (the gzip polynomial), reflected. */
const POLY = 0xedb88320

/** a(x)·b(x) modulo the CRC polynomial, in the reflected bit order CRC-32 uses. */
function multiplyModP(a: number, b: number) {
  let m = 0x80000000
  let product = 0
  for (;;) {
    if (a & m) {
      product ^= b
      if ((a & (m - 1)) === 0) break
    }
    m >>>= 1
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1
  }
  return product >>> 0
}

/* x^(2^k) modulo p, for k = 0 … 31. */
const X2N: number[] = [0x40000000]
for (let k = 1; k < 32; k++) X2N.push(multiplyModP(X2N[k - 1], X2N[k - 1]))

/** The operator that moves a CRC past `bytes` more bytes: x^(8·bytes) modulo p. */
export function crcShift(bytes: number) {
  let power = 0x80000000
  let k = 3
  for (let n = bytes; n > 0; n = Math.floor(n / 2), k++) {
    if (n & 1) power = multiplyModP(X2N[k & 31], power)
  }
  return power
}

/** The CRC-32 of A followed by B, from CRC(A), CRC(B) and the shift for B's length. */
export function crcCombine(crcA: number, crcB: number, shiftB: number) {
  return (multiplyModP(shiftB, crcA) ^ crcB) >>> 0
}

export type GzipPage = {
  /** Each piece deflated on its own, ending on a byte boundary. */
  deflated: Buffer[]
  crcs: number[]
  shifts: number[]
  /** Uncompressed bytes of the pieces, tokens left out. */
  bytes: number
  /** Compressed bytes of the pieces, header, blocks around tokens and trailer left out. */
  deflatedBytes: number
}

const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])
/* An empty stored block marked final: the end of the deflate stream. */
const FINAL_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff])

export function gzipPiecesOf(pieces: Buffer[]): GzipPage {
  const deflated = pieces.map((piece) =>
    deflateRawSync(piece, { finishFlush: constants.Z_FULL_FLUSH })
  )
  return {
    deflated,
    crcs: pieces.map((piece) => crc32(piece)),
    shifts: pieces.map((piece) => crcShift(piece.length)),
    bytes: pieces.reduce((sum, piece) => sum + piece.length, 0),
    deflatedBytes: deflated.reduce((sum, piece) => sum + piece.length, 0),
  }
}

/* Token lengths are few (one per token scheme): their operators are kept. */
const tokenShifts = new Map<number, number>()

/**
 * The gzip stream of the page with `token` between its pieces, as buffers
 * to write one after another (the kept pieces themselves, not copies).
 */
export function gzipFor(page: GzipPage, token: string): Buffer[] {
  const out: Buffer[] = [HEADER]
  let crc = page.crcs[0]
  out.push(page.deflated[0])
  if (page.deflated.length > 1) {
    const glue = Buffer.from(token, 'utf8')
    if (glue.length > 0xffff) throw new RangeError('a CSRF token longer than a stored block')
    /* A stored block, not final: header byte, LEN and its complement, the token. */
    const stored = Buffer.allocUnsafe(5 + glue.length)
    stored[0] = 0
    stored.writeUInt16LE(glue.length, 1)
    stored.writeUInt16LE(~glue.length & 0xffff, 3)
    glue.copy(stored, 5)
    const glueCrc = crc32(glue)
    let glueShift = tokenShifts.get(glue.length)
    if (glueShift === undefined) tokenShifts.set(glue.length, (glueShift = crcShift(glue.length)))
    for (let index = 1; index < page.deflated.length; index++) {
      out.push(stored, page.deflated[index])
      crc = crcCombine(crc, glueCrc, glueShift)
      crc = crcCombine(crc, page.crcs[index], page.shifts[index])
    }
  }
  const size = page.bytes + Buffer.byteLength(token) * (page.deflated.length - 1)
  const trailer = Buffer.allocUnsafe(FINAL_BLOCK.length + 8)
  FINAL_BLOCK.copy(trailer, 0)
  trailer.writeUInt32LE(crc, FINAL_BLOCK.length)
  trailer.writeUInt32LE(size % 2 ** 32, FINAL_BLOCK.length + 4)
  out.push(trailer)
  return out
}

/** Whether the request's Accept-Encoding takes gzip (by name or `*`, with a q-value above zero). */
export function acceptsGzip(header: string | undefined) {
  if (!header) return false
  let star = false
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='))
    const weight = q === undefined ? 1 : Number(q.slice(2))
    if (name === 'gzip' || name === 'x-gzip') return weight > 0
    if (name === '*') star = weight > 0
  }
  return star
}
