/**
 * Whether a request's If-None-Match names this ETag (or is `*`), compared
 * weakly as RFC 9110 says for If-None-Match: `W/"x"` and `"x"` are the same
 * tag. Public pages and API answers both answer 304 by it.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string) {
  if (!header) return false
  const wanted = etag.replace(/^W\//, '')
  return header.split(',').some((tag) => {
    const held = tag.trim()
    return held === '*' || held.replace(/^W\//, '') === wanted
  })
}
