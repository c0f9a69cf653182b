/**
 * Text that PostgreSQL cannot store (NUL), invisible control characters,
 * lone surrogates and invalid UTF-8 are refused with a clear 400 wherever
 * they come in: query string, route parameters, form and JSON bodies. Every
 * registered route is attacked, signed in with every staff right, so that a
 * new route or form is covered without anyone remembering to add it here.
 */
import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import { adminHost } from '#config/app'
import Membership from '#models/membership'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { isolateEachTest, makeNationalAdmin, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

type RouteInfo = { pattern: string; methods: string[]; domain: string }

function allRoutes(): RouteInfo[] {
  router.commit()
  const byDomain = router.toJSON() as Record<string, RouteInfo[]>
  return Object.entries(byDomain).flatMap(([domain, routes]) =>
    routes.map((route) => ({ ...route, domain }))
  )
}

/** A concrete path for a route pattern, every parameter set to `value` (already URL-encoded). */
function pathFor(pattern: string, value: string) {
  return pattern
    .split('/')
    .map((segment) => (segment.startsWith(':') ? value : segment === '*' ? 'x' : segment))
    .join('/')
}

/** Field names the app's forms post, each one carrying the attack. */
const FIELDS = [
  'q',
  'email',
  'password',
  'name',
  'title',
  'body',
  'text',
  'reason',
  'label',
  'slug',
  'ref',
  'kind',
  'locale',
  'hostname',
  'note',
  'code',
  'role',
  'serviceId',
  'areaId',
  'parentRef',
  'return_to',
]

function fieldsWith(bad: string) {
  return Object.fromEntries(FIELDS.map((field) => [field, `a${bad}b`]))
}

/** The same as a raw urlencoded body, `bad` already percent-encoded. */
function rawForm(bad: string) {
  return FIELDS.map((field) => `${field}=a${bad}b`).join('&')
}

async function signedInEverywhere() {
  const { fife } = await demoDirectory()
  const staff = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
  await tenancy.run(fife, async () => {
    await Membership.create({ userId: staff.id, role: 'moderator' })
  })
  const national = await makeNationalAdmin()
  return { staff, national }
}

test.group('Unstorable text', (group) => {
  isolateEachTest(group)

  test('the search from the attack report answers 400, not 500', async ({ client, assert }) => {
    await demoDirectory()
    const response = await client
      .get('/services/search?q=a%00')
      .header('host', FIFE)
      .header('accept', 'text/html')
    response.assertStatus(400)
    assert.include(response.text(), 'characters that cannot be stored')
    assert.include(response.text(), 'Skip to main content')
  })

  test('no route answers 500 to NUL, control characters or invalid UTF-8 in the query string or a parameter', async ({
    client,
    assert,
  }) => {
    const { staff, national } = await signedInEverywhere()
    const failures: string[] = []
    for (const route of allRoutes()) {
      if (!route.methods.includes('GET')) continue
      const admin = route.domain !== 'root'
      const host = admin ? adminHost : FIFE
      const user = admin ? national : staff
      const attacks = [
        `${pathFor(route.pattern, '1')}?q=a%00`,
        `${pathFor(route.pattern, '1')}?q=a%1Bb`,
        `${pathFor(route.pattern, '1')}?q=%ED%A0%80`,
        `${pathFor(route.pattern, '1')}?q[a]=%C3`,
      ]
      if (route.pattern.includes(':')) {
        attacks.push(pathFor(route.pattern, 'a%00'), pathFor(route.pattern, '%ED%A0%80'))
      }
      for (const path of attacks) {
        const response = await client
          .get(path)
          .header('host', host)
          .header('accept', 'text/html')
          .loginAs(user)
          .redirects(0)
        if (response.status() !== 400) failures.push(`GET ${path} on ${host}: ${response.status()}`)
      }
    }
    assert.deepEqual(failures, [])
  })

  test('no form or JSON body with NUL, control characters or a lone surrogate gets a 500', async ({
    client,
    assert,
  }) => {
    const { staff, national } = await signedInEverywhere()
    const failures: string[] = []
    for (const route of allRoutes()) {
      const admin = route.domain !== 'root'
      const host = admin ? adminHost : FIFE
      const user = admin ? national : staff
      for (const method of route.methods) {
        if (['GET', 'HEAD'].includes(method)) continue
        const path = pathFor(route.pattern, '1')
        const verb = method.toLowerCase() as 'post' | 'put' | 'delete' | 'patch'
        /* A browser sends bytes: %ED%A0%80 is a UTF-16 surrogate written as (invalid) UTF-8. */
        for (const bad of ['%00', '%07', '%ED%A0%80']) {
          const form = await client[verb](path)
            .header('host', host)
            .loginAs(user)
            .withCsrfToken()
            .unsafeForm(rawForm(bad) as never)
            .redirects(0)
          if (form.status() !== 400 || !form.text().includes('cannot be stored')) {
            failures.push(`${method} ${path} form ${bad}: ${form.status()}`)
          }
        }
        for (const bad of ['\u0000', '\u001b', '\ud800']) {
          const json = await client[verb](path)
            .header('host', host)
            .loginAs(user)
            .withCsrfToken()
            .accept('json')
            .json(fieldsWith(bad))
            .redirects(0)
          if (
            json.status() !== 400 ||
            !json.header('content-type')?.startsWith('application/problem+json') ||
            !json.body().detail?.includes('cannot be stored')
          ) {
            failures.push(`${method} ${path} json ${JSON.stringify(bad)}: ${json.status()}`)
          }
        }
      }
    }
    assert.deepEqual(failures, [])
  })
})
