/**
 * Dates and times as people read them in each language, from the ICU data
 * Node ships (full ICU: English, Welsh and Gàidhlig month names and word
 * order, for example "5 March 2026", "5 Mawrth 2026", "5mh dhen Mhàrt 2026").
 * Every page shows dates through this, in the tenant's time zone, so no
 * template spells out a date format or assembles one from month names.
 */
import { DateTime } from 'luxon'

export const DATE_STYLES = {
  /** 5 March 2026 */
  date: { day: 'numeric', month: 'long', year: 'numeric' },
  /** 5 Mar 2026 */
  shortDate: { day: 'numeric', month: 'short', year: 'numeric' },
  /** 5 Mar 2026, 14:30 */
  dateTime: {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  },
  /** 14:30 */
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  /** March 2026 */
  monthYear: { month: 'long', year: 'numeric' },
  /** Mar */
  shortMonth: { month: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>

/** `calendarDay`: a date with no time of day (a closing date), shown as stored, in no zone. */
export type DateStyle = keyof typeof DATE_STYLES | 'calendarDay'

/*
 * One formatter per language, style and zone, made once: a page of 200
 * rows formatted each date through a new zoned DateTime, whose offset
 * lookup alone was a twentieth of the moderation queue's time.
 */
const formatters = new Map<string, Intl.DateTimeFormat | null>()
function formatterFor(locale: string, style: keyof typeof DATE_STYLES, timeZone: string) {
  const key = `${locale}|${style}|${timeZone}`
  let formatter = formatters.get(key)
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat(locale, { ...DATE_STYLES[style], timeZone })
    } catch {
      /* A zone ICU does not know: Luxon's way below says so as it always did. */
      formatter = null
    }
    formatters.set(key, formatter)
  }
  return formatter
}

export function formatDate(
  value: DateTime | Date,
  locale: string,
  style: DateStyle = 'date',
  timeZone?: string | null
) {
  const formatter =
    style !== 'calendarDay' && timeZone ? formatterFor(locale, style, timeZone) : null
  if (formatter) return formatter.format(DateTime.isDateTime(value) ? value.toJSDate() : value)
  const date = DateTime.isDateTime(value) ? value : DateTime.fromJSDate(value)
  if (style === 'calendarDay') return date.setLocale(locale).toLocaleString(DATE_STYLES.date)
  const zoned = timeZone ? date.setZone(timeZone) : date
  return zoned.setLocale(locale).toLocaleString(DATE_STYLES[style])
}
