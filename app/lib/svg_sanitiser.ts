/**
 * Makes an uploaded SVG safe to serve: rebuilt from an allowlist of drawing
 * elements and attributes, so scripts, event handlers, foreign objects,
 * styles, animations and links to anything outside the file are gone.
 * Whatever is not understood is dropped, never passed through; a document
 * type (entity expansion), unbalanced tags or a root other than <svg> make
 * the file refused (SvgRefused).
 */
export class SvgRefused extends Error {}

const ELEMENTS = new Set([
  'svg',
  'g',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'defs',
  'lineargradient',
  'radialgradient',
  'stop',
  'title',
  'desc',
  'clippath',
  'mask',
  'symbol',
  'use',
])

const ATTRIBUTE_NAME = /^[a-z][a-z0-9-]*$/i
const KEPT_PREFIXED = new Set(['xmlns', 'xmlns:xlink', 'xlink:href', 'xml:space'])
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decode(text: string) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (_all, entity: string) => {
    if (entity[0] === '#') {
      const code =
        entity[1] === 'x' || entity[1] === 'X'
          ? Number.parseInt(entity.slice(2), 16)
          : Number.parseInt(entity.slice(1), 10)
      if (!Number.isFinite(code) || code > 0x10ffff) throw new SvgRefused('bad character reference')
      return String.fromCodePoint(code)
    }
    const known = ENTITIES[entity.toLowerCase()]
    if (known === undefined) throw new SvgRefused(`unknown entity &${entity};`)
    return known
  })
}

function escape(text: string) {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

/** A reference inside the file (`#id`) is fine; anything else leaves it. */
function refersOutside(value: string) {
  /* Browsers skip whitespace and control characters inside url( and scheme names. */
  const compact = [...value]
    .filter((char) => (char.codePointAt(0) ?? 0) > 0x20)
    .join('')
    .toLowerCase()
  for (const match of compact.matchAll(/url\(([^)]*)\)?/g)) {
    if (!/^['"]?#/.test(match[1] ?? '')) return true
  }
  return /javascript:|data:|@import|expression\(|\\/.test(compact)
}

function keptAttribute(name: string, value: string) {
  const lower = name.toLowerCase()
  if (lower.startsWith('on')) return false
  if (name.includes(':') ? !KEPT_PREFIXED.has(lower) : !ATTRIBUTE_NAME.test(name)) return false
  if (lower === 'href' || lower === 'xlink:href') return value.trim().startsWith('#')
  if (lower === 'xmlns' || lower === 'xmlns:xlink') return true
  return !refersOutside(value)
}

const ATTRIBUTE = /\s*([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'))?/y

export function sanitiseSvg(source: string): string {
  let output = ''
  let index = 0
  const open: { name: string; kept: boolean }[] = []
  let dropping = 0
  let sawRoot = false

  const skipTo = (end: string) => {
    const at = source.indexOf(end, index)
    if (at < 0) throw new SvgRefused('unterminated markup')
    index = at + end.length
  }

  while (index < source.length) {
    if (source[index] !== '<') {
      const next = source.indexOf('<', index)
      const text = source.slice(index, next < 0 ? source.length : next)
      index = next < 0 ? source.length : next
      if (open.length === 0) {
        if (text.trim()) throw new SvgRefused('text outside the svg element')
        continue
      }
      if (!dropping) output += escape(decode(text))
      continue
    }
    if (source.startsWith('<!--', index)) {
      skipTo('-->')
      continue
    }
    if (source.startsWith('<![CDATA[', index)) {
      skipTo(']]>')
      continue
    }
    if (source.startsWith('<!', index)) throw new SvgRefused('document types are not accepted')
    if (source.startsWith('<?', index)) {
      skipTo('?>')
      continue
    }
    if (source.startsWith('</', index)) {
      const match = /^<\/\s*([^\s>]+)\s*>/.exec(source.slice(index, index + 200))
      if (!match) throw new SvgRefused('bad closing tag')
      index += match[0].length
      const top = open.pop()
      if (!top || top.name !== match[1]) throw new SvgRefused('unbalanced tags')
      if (top.kept && !dropping) output += `</${top.name}>`
      if (!top.kept) dropping--
      continue
    }

    const nameMatch = /^<([^\s/>]+)/.exec(source.slice(index, index + 200))
    if (!nameMatch) throw new SvgRefused('bad tag')
    const name = nameMatch[1]
    index += nameMatch[0].length
    const attributes: string[] = []
    let selfClosing = false
    while (true) {
      const rest = /^\s*(\/?>)/.exec(source.slice(index, index + 200))
      if (rest) {
        index += rest[0].length
        selfClosing = rest[1] === '/>'
        break
      }
      ATTRIBUTE.lastIndex = index
      const attribute = ATTRIBUTE.exec(source)
      if (!attribute || attribute[0].length === 0) throw new SvgRefused('bad attribute')
      index = ATTRIBUTE.lastIndex
      const value = decode(attribute[2] ?? attribute[3] ?? '')
      if (keptAttribute(attribute[1], value)) {
        attributes.push(` ${attribute[1]}="${escape(value)}"`)
      }
    }

    const local = name.toLowerCase()
    if (open.length === 0) {
      if (sawRoot || local !== 'svg') throw new SvgRefused('the root element must be <svg>')
      sawRoot = true
    }
    const kept = !dropping && !name.includes(':') && ELEMENTS.has(local)
    if (kept) output += `<${name}${attributes.join('')}${selfClosing ? '/>' : '>'}`
    if (!selfClosing) {
      open.push({ name, kept })
      if (!kept) dropping++
    }
  }
  if (!sawRoot || open.length) throw new SvgRefused('unbalanced tags')
  return output
}
