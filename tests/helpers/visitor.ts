/**
 * A browser-like visitor of the test server over real HTTP: it keeps the
 * cookies it is given, sends them back, and posts forms with the CSRF token
 * of the last page it saw. The test client's session helpers are bypassed
 * on purpose: these tests are about what a real cookie (or a stolen copy of
 * one) is worth, so nothing may create or delete sessions behind their back.
 */
import { request } from 'node:http'
import { gunzipSync } from 'node:zlib'

export type Page = {
  status: number
  location: string | null
  text: string
  /** The Set-Cookie headers as sent, to see how big they are. */
  setCookies: string[]
  headers: Record<string, string | string[] | undefined>
  /** The body's length as sent (compressed, when it was). */
  wireBytes: number
}

export class Visitor {
  cookies = new Map<string, string>()
  #csrf: string | null = null
  #lastPage: string | null = null
  /** What the browser says it can decompress (as Firefox does); '' for none. */
  acceptEncoding = 'gzip, deflate, br, zstd'

  constructor(
    public host: string,
    public userAgent = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0'
  ) {}

  /** Another visitor holding a copy of this one's cookies (a stolen cookie, a second tab). */
  copy(userAgent = this.userAgent) {
    const thief = new Visitor(this.host, userAgent)
    thief.cookies = new Map(this.cookies)
    return thief
  }

  get(path: string) {
    return this.#send('GET', path)
  }

  /** Posts a form (with the CSRF token of the last page seen); `method` is spoofed as ?_method=. */
  post(path: string, form: Record<string, string> = {}, method?: 'PUT' | 'DELETE') {
    const body = new URLSearchParams({ ...form, _csrf: this.#csrf ?? '' }).toString()
    return this.#send('POST', method ? `${path}?_method=${method}` : path, body)
  }

  /** Signs in on the staff sign-in page and lands on /staff. */
  async signIn(email: string, password: string) {
    await this.get('/staff/sign-in')
    const signedIn = await this.post('/staff/sign-in', { email, password })
    if (signedIn.location !== '/staff') {
      throw new Error(
        `Sign-in failed (${signedIn.status} → ${signedIn.location}) ${signedIn.status === 500 ? signedIn.text.slice(0, 2000) : ''}`
      )
    }
    return this.get('/staff')
  }

  /** True when /staff opens, false when it sends this visitor to sign in. */
  async isSignedIn() {
    const page = await this.get('/staff')
    if (page.status === 200) return true
    if (page.status === 302 && page.location?.includes('/sign-in')) return false
    throw new Error(`/staff answered ${page.status} (${page.location ?? ''})`)
  }

  #send(method: string, path: string, body?: string): Promise<Page> {
    const headers: Record<string, string> = {
      'host': this.host,
      'user-agent': this.userAgent,
      'accept': 'text/html',
    }
    if (this.acceptEncoding) headers['accept-encoding'] = this.acceptEncoding
    /* Like a browser, a form is posted from the page it is on ("back" goes there). */
    if (this.#lastPage && method !== 'GET') headers.referer = `http://${this.host}${this.#lastPage}`
    if (this.cookies.size) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    }
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      headers['content-length'] = String(Buffer.byteLength(body))
    }
    return new Promise((resolve, reject) => {
      const outgoing = request(
        { host: 'localhost', port: Number(process.env.PORT), method, path, headers },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk) => chunks.push(chunk))
          response.on('end', () => {
            for (const line of response.headers['set-cookie'] ?? []) {
              const [pair, ...attributes] = line.split(';')
              const at = pair.indexOf('=')
              const name = pair.slice(0, at).trim()
              const value = pair.slice(at + 1).trim()
              const expired = attributes.some((attribute) =>
                /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(attribute)
              )
              if (expired || value === '') this.cookies.delete(name)
              else this.cookies.set(name, value)
            }
            const wire = Buffer.concat(chunks)
            const gzipped = response.headers['content-encoding'] === 'gzip'
            const text = (gzipped ? gunzipSync(wire) : wire).toString('utf8')
            if (method === 'GET' && response.statusCode === 200) this.#lastPage = path
            const token = /name=['"]_csrf['"] value=['"]([^'"]+)['"]/.exec(text)
            if (token) this.#csrf = token[1]
            resolve({
              status: response.statusCode ?? 0,
              location: (response.headers.location as string | undefined) ?? null,
              text,
              setCookies: response.headers['set-cookie'] ?? [],
              headers: response.headers,
              wireBytes: wire.length,
            })
          })
        }
      )
      outgoing.on('error', reject)
      if (body !== undefined) outgoing.write(body)
      outgoing.end()
    })
  }
}
