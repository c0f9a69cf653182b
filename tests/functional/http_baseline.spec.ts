/**
 * What every response carries and what every request must be: one
 * Referrer-Policy for all responses (static files, unknown hosts and errors
 * included) and exactly one Host header.
 */
import { test } from '@japa/runner'
import { connect } from 'node:net'
import { sessionRows } from '#tests/helpers/queries'
import { isolateEachTest, makeTenant } from '#tests/helpers/tenants'

const POLICY = 'strict-origin-when-cross-origin'

/** Sends `lines` as a raw HTTP/1.1 request and resolves with the whole answer. */
function rawRequest(lines: string[]) {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1')
    let answer = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk) => (answer += chunk))
    socket.on('end', () => resolve(answer))
    socket.on('error', reject)
    socket.write([...lines, 'Connection: close', '', ''].join('\r\n'))
  })
}

test.group('Every response', (group) => {
  isolateEachTest(group)
  group.each.setup(async () => {
    await makeTenant('fife')
    await makeTenant('england')
  })

  test('carries a Referrer-Policy: pages, static files, unknown hosts and errors', async ({
    client,
    assert,
  }) => {
    const answers = {
      'a page': await client.get('/').header('host', 'fife.localhost'),
      'a static file': await client.get('/css/app.css').header('host', 'fife.localhost'),
      'an unknown host': await client.get('/').header('host', 'nowhere.example.org'),
      'a missing page': await client.get('/no-such-page').header('host', 'fife.localhost'),
      'an unmatched form post': await client.post('/no-such-form').header('host', 'fife.localhost'),
      'refused input': await client.get('/?q=a%00').header('host', 'fife.localhost'),
      'a health check': await client.get('/health/live'),
    }
    for (const [what, response] of Object.entries(answers)) {
      assert.equal(response.header('referrer-policy'), POLICY, what)
    }
    assert.equal(answers['a static file'].status(), 200)
    assert.equal(answers['an unknown host'].status(), 404)
  })

  test('an address that is not valid UTF-8 gets a 400 with the same policy', async ({ assert }) => {
    const answer = await rawRequest(['GET /areas/%ED%A0%80 HTTP/1.1', 'Host: fife.localhost'])
    assert.match(answer, /^HTTP\/1\.1 400/)
    assert.match(answer, /referrer-policy: strict-origin-when-cross-origin/i)
  })

  test('pages holding a private link keep the stricter no-referrer', async ({ client, assert }) => {
    const response = await client
      .get('/subscriptions/unsubscribe/not-a-real-token')
      .header('host', 'fife.localhost')
    response.assertStatus(404)
    assert.equal(response.header('referrer-policy'), 'no-referrer')
  })
})

test.group('The Host header', (group) => {
  isolateEachTest(group)
  group.each.setup(async () => {
    await makeTenant('fife')
    await makeTenant('england')
  })

  test('a request with two Host headers is refused with 400', async ({ assert }) => {
    const answer = await rawRequest([
      'GET / HTTP/1.1',
      'Host: fife.localhost',
      'Host: england.localhost',
    ])
    assert.match(answer, /^HTTP\/1\.1 400/)
    assert.include(answer, 'more than one Host header')
    assert.notInclude(answer, 'Carevoice')
  })

  test('one Host header is served as before', async ({ assert }) => {
    const answer = await rawRequest(['GET / HTTP/1.1', 'Host: fife.localhost'])
    assert.match(answer, /^HTTP\/1\.1 200/)
    assert.include(answer, 'Carevoice fife')
  })
})

test.group('Health probes', (group) => {
  isolateEachTest(group)

  test('answer on any host without starting a session: no cookie, no session row', async ({
    client,
    assert,
  }) => {
    await makeTenant('fife')
    const before = await sessionRows()
    for (const host of ['fife.localhost', 'nowhere.example', 'admin.localhost']) {
      const live = await client.get('/health/live').header('host', host)
      live.assertStatus(200)
      assert.isUndefined(live.header('set-cookie'), `a cookie on ${host}`)
      ;(await client.get('/health/ready').header('host', host)).assertStatus(200)
    }
    assert.equal(await sessionRows(), before)
  })
})
