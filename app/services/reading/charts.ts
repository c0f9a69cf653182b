/**
 * Server-rendered SVG bar charts (no JavaScript), scaled by d3-scale.
 *
 * Guarantees: every label is XML-escaped; the bars are drawn in the
 * tenant's brand colour only when it has at least 3:1 contrast with the
 * white background (WCAG 1.4.11), otherwise in near-black; text is always
 * near-black. Each chart names its title and summary through role="img"
 * and aria-labelledby; the page shows the same figures as a table.
 */
import { DateTime } from 'luxon'
import { scaleBand, scaleLinear } from 'd3-scale'
import { formatDate } from '#lib/dates'
import { escapeXml } from '#services/notifications/feeds'
import { contrastRatio, HEX_COLOUR } from '#services/tenants/tenant_theme'

export type Bar = { label: string; value: number | null; display: string }

export type ChartSpec = {
  id: string
  title: string
  summary: string
  bars: Bar[]
  /** Largest value of the axis (e.g. 100 for percentages); default: the data's. */
  max?: number
  colour: string
}

const TEXT = '#0b0c0c'
const BACKGROUND = '#ffffff'
const FALLBACK = '#1d70b8'

/** The tenant's brand colour if bars in it stand out enough on white. */
export function chartColour(brand: string | undefined | null) {
  if (brand && HEX_COLOUR.test(brand) && contrastRatio(brand, BACKGROUND) >= 3) return brand
  return FALLBACK
}

function frame(spec: ChartSpec, width: number, height: number, body: string[]) {
  const id = escapeXml(spec.id)
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false">`,
    `<title id="${id}-title">${escapeXml(spec.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(spec.summary)}</desc>`,
    `<rect width="${width}" height="${height}" fill="${BACKGROUND}"/>`,
    ...body,
    '</svg>',
  ].join('\n')
}

/** Vertical bars, one per label (months), with the value above each bar. */
export function columnChart(spec: ChartSpec) {
  const width = 640
  const height = 260
  const margin = { top: 24, right: 8, bottom: 36, left: 8 }
  const x = scaleBand<string>()
    .domain(spec.bars.map((_, index) => String(index)))
    .range([margin.left, width - margin.right])
    .padding(0.2)
  const max = spec.max ?? Math.max(1, ...spec.bars.map((bar) => bar.value ?? 0))
  const y = scaleLinear()
    .domain([0, max])
    .range([height - margin.bottom, margin.top])
  const body: string[] = [
    `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(0)}" y2="${y(0)}" stroke="${TEXT}" stroke-width="1"/>`,
  ]
  spec.bars.forEach((bar, index) => {
    const left = x(String(index))!
    const centre = left + x.bandwidth() / 2
    if (bar.value !== null && bar.value > 0) {
      const top = y(bar.value)
      body.push(
        `<rect x="${left.toFixed(1)}" y="${top.toFixed(1)}" width="${x.bandwidth().toFixed(1)}" height="${(y(0) - top).toFixed(1)}" fill="${spec.colour}"/>`
      )
    }
    const labelY = bar.value !== null && bar.value > 0 ? y(bar.value) - 6 : y(0) - 6
    body.push(
      `<text x="${centre.toFixed(1)}" y="${labelY.toFixed(1)}" text-anchor="middle" font-size="13" fill="${TEXT}">${escapeXml(bar.display)}</text>`,
      `<text x="${centre.toFixed(1)}" y="${height - 14}" text-anchor="middle" font-size="12" fill="${TEXT}">${escapeXml(bar.label)}</text>`
    )
  })
  return frame(spec, width, height, body)
}

/** Horizontal bars with their labels (the most frequent tags). */
export function barChart(spec: ChartSpec) {
  const width = 640
  const row = 32
  const labelWidth = 220
  const height = Math.max(1, spec.bars.length) * row + 16
  const max = spec.max ?? Math.max(1, ...spec.bars.map((bar) => bar.value ?? 0))
  const x = scaleLinear()
    .domain([0, max])
    .range([labelWidth, width - 48])
  const y = scaleBand<string>()
    .domain(spec.bars.map((_, index) => String(index)))
    .range([8, height - 8])
    .padding(0.2)
  const body: string[] = []
  spec.bars.forEach((bar, index) => {
    const top = y(String(index))!
    const middle = top + y.bandwidth() / 2 + 4
    const end = x(bar.value ?? 0)
    body.push(
      `<text x="${labelWidth - 8}" y="${middle.toFixed(1)}" text-anchor="end" font-size="13" fill="${TEXT}">${escapeXml(bar.label.slice(0, 32))}</text>`,
      `<rect x="${labelWidth}" y="${top.toFixed(1)}" width="${(end - labelWidth).toFixed(1)}" height="${y.bandwidth().toFixed(1)}" fill="${spec.colour}"/>`,
      `<text x="${(end + 6).toFixed(1)}" y="${middle.toFixed(1)}" font-size="13" fill="${TEXT}">${escapeXml(bar.display)}</text>`
    )
  })
  return frame(spec, width, height, body)
}

type Translate = (key: string, data?: Record<string, unknown>) => string

export type FigureChart = {
  id: string
  title: string
  summary: string
  svg: string
  table: { headers: string[]; rows: string[][] }
}

/** The five charts of a figures page, each with its summary and its table. */
export function chartsOf(
  figures: import('#services/reading/figures').Figures,
  t: Translate,
  colour: string,
  locale: string
): FigureChart[] {
  /* Month names from ICU: cutting a name short ("Am Màrt") would not make an abbreviation. */
  const monthOf = (month: { monthNumber: number; year: number }) =>
    DateTime.utc(month.year, month.monthNumber, 1)
  const monthName = (month: { monthNumber: number; year: number }) =>
    formatDate(monthOf(month), locale, 'monthYear')
  const short = (month: { monthNumber: number; year: number }) =>
    formatDate(monthOf(month), locale, 'shortMonth')
  const busiest = figures.months.reduce((best, month) =>
    month.stories > best.stories ? month : best
  )
  const monthTable = (value: (month: (typeof figures.months)[number]) => string) => ({
    headers: [t('reading.figures.month'), t('reading.figures.value')],
    rows: figures.months.map((month) => [monthName(month), value(month)]),
  })
  const charts: FigureChart[] = []
  const add = (
    id: string,
    spec: Omit<ChartSpec, 'id' | 'colour'>,
    draw: typeof barChart,
    table: FigureChart['table']
  ) =>
    charts.push({
      id,
      title: spec.title,
      summary: spec.summary,
      svg: draw({ ...spec, id, colour }),
      table,
    })

  add(
    'chart-stories',
    {
      title: t('reading.figures.perMonth.title'),
      summary: t('reading.figures.perMonth.summary', {
        total: figures.stories,
        month: monthName(busiest),
        max: busiest.stories,
      }),
      bars: figures.months.map((month) => ({
        label: short(month),
        value: month.stories,
        display: String(month.stories),
      })),
    },
    columnChart,
    monthTable((month) => String(month.stories))
  )
  add(
    'chart-responded',
    {
      title: t('reading.figures.responded.title'),
      summary:
        figures.responseRate === null
          ? t('reading.figures.noRate')
          : t('reading.figures.responded.summary', { rate: figures.responseRate }),
      max: 100,
      bars: figures.months.map((month) => ({
        label: short(month),
        value: month.responseRate,
        display: month.responseRate === null ? '–' : `${month.responseRate}%`,
      })),
    },
    columnChart,
    monthTable((month) => (month.responseRate === null ? '–' : `${month.responseRate}%`))
  )
  add(
    'chart-median',
    {
      title: t('reading.figures.medianDays.title'),
      summary:
        figures.medianDays === null
          ? t('reading.figures.medianNone')
          : t('reading.figures.medianDays.summary', { days: figures.medianDays }),
      bars: figures.months.map((month) => ({
        label: short(month),
        value: month.medianDays,
        display: month.medianDays === null ? '–' : String(month.medianDays),
      })),
    },
    columnChart,
    monthTable((month) => (month.medianDays === null ? '–' : String(month.medianDays)))
  )
  for (const question of ['good', 'improve'] as const) {
    const tags = figures[question]
    add(
      `chart-${question}`,
      {
        title: t(`reading.figures.${question}.title`),
        summary: tags.length
          ? t(`reading.figures.${question}.summary`, { tag: tags[0].label, count: tags[0].count })
          : t('reading.figures.none'),
        bars: tags.map((tag) => ({
          label: tag.label,
          value: tag.count,
          display: String(tag.count),
        })),
      },
      barChart,
      {
        headers: [t('reading.figures.tag'), t('reading.figures.count')],
        rows: tags.map((tag) => [tag.label, String(tag.count)]),
      }
    )
  }
  return charts
}
