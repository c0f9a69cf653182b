import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import AuditEvent from '#models/audit_event'
import { StaffAlertMail } from '#mails/staff_alert_mail'
import { recipientLocale } from '#mails/app_mail'
import { tenancy } from '#tenancy/context'
import { isolateEachTest, makeStaff, makeTenant } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

function scottishFife() {
  return makeTenant('fife', { locales: ['en-GB', 'gd'] })
}

test.group('A staff member’s own language', (group) => {
  isolateEachTest(group)

  test('a Fife moderator who chooses Gàidhlig sees the staff pages in Gaelic, whatever the browser asks', async ({
    client,
    assert,
  }) => {
    const fife = await scottishFife()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test', { name: 'Morag' })

    const saved = await client
      .put('/staff/account')
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ name: 'Morag', jobTitle: '', locale: 'gd' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(saved.header('location'), '/staff/account')
    await moderator.refresh()
    assert.equal(moderator.locale, 'gd')

    const home = await client
      .get('/staff')
      .header('host', FIFE)
      .header('accept-language', 'en-GB')
      .loginAs(moderator)
    home.assertStatus(200)
    assert.include(home.text(), '<html lang="gd">')
    assert.include(home.text(), 'Earrann an luchd-obrach')
    /* The footer points to the account instead of a switcher that would change nothing. */
    assert.include(home.text(), 'Cànan: Gàidhlig')

    const account = await client.get('/staff/account').header('host', FIFE).loginAs(moderator)
    assert.match(account.text(), /<option value="gd" lang="gd"\s+selected>Gàidhlig<\/option>/)

    /* The public pages keep the visitor's own language. */
    const publicHome = await client
      .get('/')
      .header('host', FIFE)
      .header('accept-language', 'en-GB')
      .loginAs(moderator)
    assert.include(publicHome.text(), '<html lang="en-GB">')

    const audit = await tenancy.run(fife, () =>
      AuditEvent.query().where('action', 'account.updated').firstOrFail()
    )
    assert.deepInclude(audit.details, { locale: 'gd', localeBefore: null })
  })

  test('a language the site does not offer is refused with a clear message and changes nothing', async ({
    client,
    assert,
  }) => {
    const fife = await scottishFife()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test', { name: 'Morag' })

    const refused = await client
      .put('/staff/account')
      .header('host', FIFE)
      .header('accept-language', 'en-GB')
      .loginAs(moderator)
      .form({ name: 'Someone Else', locale: 'cy' })
      .withCsrfToken()
      .redirects(0)
    refused.assertStatus(302)
    const errors = refused.flashMessages().inputErrorsBag as Record<string, string[]>
    assert.deepEqual(errors.locale, ['Choose one of the options for the language'])
    await moderator.refresh()
    assert.isNull(moderator.locale)
    assert.equal(moderator.name, 'Morag')
  })

  test('choosing the site’s default again clears the choice', async ({ client, assert }) => {
    const fife = await scottishFife()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test', { name: 'Morag' })
    moderator.locale = 'gd'
    await moderator.save()

    await client
      .put('/staff/account')
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ name: 'Morag', locale: '' })
      .withCsrfToken()
    await moderator.refresh()
    assert.isNull(moderator.locale)
    const home = await client
      .get('/staff')
      .header('host', FIFE)
      .header('accept-language', 'en-GB')
      .loginAs(moderator)
    assert.include(home.text(), '<html lang="en-GB">')
  })

  test('emails to a staff member who chose Gàidhlig are in Gaelic: password reset and alerts', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const fife = await scottishFife()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test', { name: 'Morag' })
    moderator.locale = 'gd'
    await moderator.save()

    /* Asked from an English page: the email still speaks the account's language. */
    await client
      .post('/staff/password/forgot')
      .header('host', FIFE)
      .header('accept-language', 'en-GB')
      .form({ email: 'mo@fife.test' })
      .withCsrfToken()
    const reset = fake.messages.queued().at(-1)!
    assert.equal(
      String(reset.nodeMailerMessage.subject),
      'Ath-shuidhich am facal-faire Carevoice fife agad'
    )
    assert.include(String(reset.nodeMailerMessage.text), 'Halò Morag')
    assert.include(String(reset.nodeMailerMessage.html), '<html lang="gd">')

    /* Alerts pick the same language (and fall back to the site's default when it is not offered). */
    assert.equal(recipientLocale(fife, moderator.locale), 'gd')
    assert.equal(
      recipientLocale({ enabledLocales: ['en-GB'], defaultLocale: 'en-GB' }, 'gd'),
      'en-GB'
    )
    const alert = new StaffAlertMail(
      fife,
      moderator.email,
      recipientLocale(fife, moderator.locale),
      {
        services: 'Ward 6',
        title: 'Cùram math',
        body: 'Bha an luchd-obrach coibhneil.',
        storyUrl: 'http://fife.localhost/staff/stories/1',
        settingsUrl: 'http://fife.localhost/staff/account',
      }
    )
    await alert.queue()
    const sent = fake.messages.queued().at(-1)!
    assert.equal(
      String(sent.nodeMailerMessage.subject),
      'Sgeulachd ùr air Carevoice fife: Cùram math'
    )
  })

  test('an invitation to someone who already has an account is in their own language', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const fife = await scottishFife()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const elsewhere = await makeTenant('ayrshire-arran', { locales: ['en-GB', 'gd'] })
    const colleague = await makeStaff(elsewhere, 'moderator', 'catriona@ayrshire.test')
    colleague.locale = 'gd'
    await colleague.save()

    await client
      .post('/staff/invitations')
      .header('host', FIFE)
      .header('accept-language', 'en-GB')
      .loginAs(admin)
      .form({ email: 'catriona@ayrshire.test', role: 'moderator' })
      .withCsrfToken()
    await client
      .post('/staff/invitations')
      .header('host', FIFE)
      .header('accept-language', 'en-GB')
      .loginAs(admin)
      .form({ email: 'new.person@fife.test', role: 'moderator' })
      .withCsrfToken()
    const subjects = Object.fromEntries(
      fake.messages
        .queued()
        .map((message) => [
          String(message.nodeMailerMessage.to),
          String(message.nodeMailerMessage.subject),
        ])
    )
    assert.equal(subjects['catriona@ayrshire.test'], 'Fhuair thu cuireadh gu Carevoice fife')
    assert.equal(subjects['new.person@fife.test'], 'You are invited to Carevoice fife')
  })
})
