import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { formatDate } from '#lib/dates'

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
})
