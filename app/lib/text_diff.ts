/**
 * A word-level diff of what a moderator changed: the original text against
 * the public text, as runs of kept, removed and added text. Each word
 * carries the whitespace after it, so joining the runs of one side gives
 * that side back exactly.
 *
 * Common beginnings and endings are trimmed first (most edits touch a few
 * words); the rest is a longest-common-subsequence table, which is bounded:
 * past MAX_CELLS the middle is shown as one removal and one addition.
 */
export type DiffPart = { kind: 'same' | 'removed' | 'added'; text: string }

const MAX_CELLS = 4_000_000

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
  const a = tokens(before)
  const b = tokens(after)
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const parts: DiffPart[] = []
  push(parts, 'same', a.slice(0, start).join(''))
  const midA = a.slice(start, endA)
  const midB = b.slice(start, endB)
  const n = midA.length
  const m = midB.length
  if ((n + 1) * (m + 1) > MAX_CELLS) {
    push(parts, 'removed', midA.join(''))
    push(parts, 'added', midB.join(''))
  } else {
    /* lengths[i][j] = LCS of midA[i..] and midB[j..], row-major. */
    const width = m + 1
    const lengths = new Uint32Array((n + 1) * width)
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lengths[i * width + j] =
          midA[i] === midB[j]
            ? lengths[(i + 1) * width + j + 1] + 1
            : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1])
      }
    }
    let i = 0
    let j = 0
    while (i < n && j < m) {
      if (midA[i] === midB[j]) {
        push(parts, 'same', midA[i])
        i++
        j++
      } else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) {
        push(parts, 'removed', midA[i++])
      } else {
        push(parts, 'added', midB[j++])
      }
    }
    push(parts, 'removed', midA.slice(i).join(''))
    push(parts, 'added', midB.slice(j).join(''))
  }
  push(parts, 'same', a.slice(endA).join(''))
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
