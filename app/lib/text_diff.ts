/**
 * A word-level diff of what a moderator changed: the original text against
 * the public text, as runs of kept, removed and added text. Each word
 * carries the whitespace after it, so joining the runs of one side gives
 * that side back exactly.
 *
 * The diff itself is jsdiff's Myers algorithm over those words (time grows
 * with the number of edits, not with the product of the lengths). It is
 * bounded: beyond MAX_EDITS changed words the texts are shown as one
 * removal and one addition.
 */
import { diffArrays } from 'diff'

export type DiffPart = { kind: 'same' | 'removed' | 'added'; text: string }

const MAX_EDITS = 5000

function tokens(text: string) {
  return text.match(/^\s+|\S+\s*/g) ?? []
}

function push(parts: DiffPart[], kind: DiffPart['kind'], text: string) {
  if (!text) return
  const last = parts.at(-1)
  if (last && last.kind === kind) last.text += text
  else parts.push({ kind, text })
}

export function diffWords(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = []
  const changes = diffArrays(tokens(before), tokens(after), { maxEditLength: MAX_EDITS })
  if (!changes) {
    push(parts, 'removed', before)
    push(parts, 'added', after)
    return parts
  }
  for (const change of changes) {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same'
    push(parts, kind, change.value.join(''))
  }
  return parts
}

/** The text split into plain runs and highlighted ranges (ranges sorted, may overlap). */
export function highlightRanges<T extends { start: number; end: number }>(
  text: string,
  ranges: T[]
): { text: string; range: T | null }[] {
  const sorted = [...ranges].sort((x, y) => x.start - y.start || y.end - x.end)
  const pieces: { text: string; range: T | null }[] = []
  let at = 0
  for (const range of sorted) {
    if (range.end <= at) continue
    const from = Math.max(range.start, at)
    if (from > at) pieces.push({ text: text.slice(at, from), range: null })
    pieces.push({ text: text.slice(from, range.end), range })
    at = range.end
  }
  if (at < text.length) pieces.push({ text: text.slice(at), range: null })
  return pieces
}

export function escapeHtml(text: string) {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

/**
 * The text as HTML with each range in a <mark>, every character escaped;
 * `label` names the range for screen readers (visually hidden).
 */
export function highlightedHtml<T extends { start: number; end: number }>(
  text: string,
  ranges: T[],
  label: (range: T) => string,
  className: (range: T) => string | null = () => null
) {
  return highlightRanges(text, ranges)
    .map((piece) =>
      piece.range
        ? `<mark${className(piece.range) ? ` class="${escapeHtml(className(piece.range)!)}"` : ''}><span class="visually-hidden">${escapeHtml(label(piece.range))}: </span>${escapeHtml(piece.text)}</mark>`
        : escapeHtml(piece.text)
    )
    .join('')
}

/** The diff as HTML: <del> for removed text, <ins> for added, everything escaped. */
export function diffHtml(parts: DiffPart[], labels: { removed: string; added: string }) {
  return parts
    .map((part) => {
      const text = escapeHtml(part.text)
      if (part.kind === 'same') return text
      const tag = part.kind === 'removed' ? 'del' : 'ins'
      return `<${tag}><span class="visually-hidden">${escapeHtml(labels[part.kind])} </span>${text}</${tag}>`
    })
    .join('')
}
