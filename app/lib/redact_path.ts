/**
 * A request path as the request log may keep it: every token a URL can
 * carry is replaced by "…". Known token routes (private author links,
 * invitations, password resets, confirmations, unsubscribe links, in the
 * site and the API) are masked by name; any other segment that looks like
 * a token (32 or more URL-safe characters with a capital and a digit;
 * lower-case slugs such as service references stay readable) is masked too, so
 * a new token route is covered before anyone remembers to list it.
 */
const NAMED = /\/(invitations|reset|confirm|my-story|unsubscribe)\/[^/?#]+/g
const TOKEN_LIKE = /\/(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Z])[A-Za-z0-9_-]{32,}(?=\/|$)/g

export function redactPath(url: string) {
  const path = url.split('?')[0]
  return path.replace(NAMED, '/$1/…').replace(TOKEN_LIKE, '/…')
}
