/**
 * A tenant's icons from its brand colour: a favicon (ICO holding a PNG),
 * an SVG icon, a 180 px touch icon, and the web app manifest. Drawn here
 * (a ring on the brand colour) so each tenant has its own without files.
 */
import { crc32, deflateSync } from 'node:zlib'
import type Tenant from '#models/tenant'
import { HEX_COLOUR } from '#services/tenants/tenant_theme'

const DEFAULT_BRAND = '#1d70b8'

export function brandOf(tenant: Pick<Tenant, 'theme'>) {
  const brand = tenant.theme?.colours?.brand
  return brand && HEX_COLOUR.test(brand) ? brand.toLowerCase() : DEFAULT_BRAND
}

function rgb(hex: string) {
  return [1, 3, 5].map((offset) => Number.parseInt(hex.slice(offset, offset + 2), 16))
}

function chunk(type: string, data: Buffer) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body) >>> 0)
  return Buffer.concat([length, body, crc])
}

/** A square PNG: the brand colour with a white ring. */
export function pngIcon(size: number, brand: string) {
  const [red, green, blue] = rgb(brand)
  const rows: Buffer[] = []
  const centre = (size - 1) / 2
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4)
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x - centre, y - centre) / size
      const white = distance <= 0.3 && distance >= 0.17
      row.set(white ? [255, 255, 255, 255] : [red, green, blue, 255], 1 + x * 4)
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** favicon.ico: one 32 px PNG image in an ICO container. */
export function icoIcon(brand: string) {
  const png = pngIcon(32, brand)
  const header = Buffer.alloc(22)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(1, 4)
  header.set([32, 32, 0, 0], 6)
  header.writeUInt16LE(1, 10)
  header.writeUInt16LE(32, 12)
  header.writeUInt32LE(png.length, 14)
  header.writeUInt32LE(22, 18)
  return Buffer.concat([header, png])
}

export function svgIcon(brand: string) {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="${brand}"/><circle cx="32" cy="32" r="15" fill="none" stroke="#fff" stroke-width="8"/></svg>\n`
}

export function manifest(tenant: Pick<Tenant, 'name' | 'theme'>) {
  return JSON.stringify({
    name: tenant.name,
    short_name: tenant.name.slice(0, 12),
    start_url: '/',
    display: 'browser',
    background_color: '#ffffff',
    theme_color: brandOf(tenant),
    icons: [
      { src: '/icon.svg', type: 'image/svg+xml', sizes: 'any' },
      { src: '/apple-touch-icon.png', type: 'image/png', sizes: '180x180' },
    ],
  })
}
