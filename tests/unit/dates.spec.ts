import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { DATE_STYLES, formatDate } from '#lib/dates'

test.group('Dates in each language', () => {
  const published = DateTime.fromISO('2026-03-05T23:30:00Z')

  test('a date reads naturally in English, Welsh and Gàidhlig', ({ assert }) => {
    assert.equal(formatDate(published, 'en-GB'), '5 March 2026')
    assert.equal(formatDate(published, 'cy'), '5 Mawrth 2026')
    assert.equal(formatDate(published, 'gd'), '5mh dhen Mhàrt 2026')
  })

  test('month names and short months come from ICU, not from cutting names short', ({ assert }) => {
    const months = Array.from({ length: 12 }, (_, index) =>
      formatDate(DateTime.utc(2026, index + 1, 1), 'gd', 'shortMonth')
    )
    assert.equal(new Set(months).size, 12)
    assert.equal(formatDate(DateTime.utc(2026, 6, 1), 'gd', 'monthYear'), 'An t-Ògmhios 2026')
  })

  test('times are shown in the tenant’s zone, a calendar day as stored', ({ assert }) => {
    const summer = DateTime.fromISO('2026-07-01T23:30:00Z')
    assert.equal(formatDate(summer, 'gd', 'time', 'Europe/London'), '00:30')
    assert.equal(formatDate(summer, 'en-GB', 'date', 'Europe/London'), '2 July 2026')
    const closes = DateTime.fromISO('2026-12-31', { zone: 'utc' })
    assert.equal(formatDate(closes, 'en-GB', 'calendarDay'), '31 December 2026')
  })

  test('every style, language and zone reads as Luxon would write it', ({ assert }) => {
    const styles = Object.keys(DATE_STYLES) as (keyof typeof DATE_STYLES)[]
    const moments = ['2026-03-29T00:59:59Z', '2026-03-29T01:00:00Z', '2026-10-25T00:30:00Z']
    for (const iso of moments) {
      const at = DateTime.fromISO(iso)
      for (const locale of ['en-GB', 'cy', 'gd'])
        for (const zone of ['Europe/London', 'UTC', 'America/St_Johns'])
          for (const style of styles) {
            const expected = at.setZone(zone).setLocale(locale).toLocaleString(DATE_STYLES[style])
            assert.equal(
              formatDate(at, locale, style, zone),
              expected,
              `${iso} ${locale} ${zone} ${style}`
            )
          }
    }
    /* A zone nobody knows: shown as Luxon shows it, never an exception. */
    assert.equal(
      formatDate(DateTime.fromISO(moments[0]), 'en-GB', 'time', 'Mars/Olympus'),
      'Invalid DateTime'
    )
  })
})
