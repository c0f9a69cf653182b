/**
 * Health figures for the national console, per tenant: stories told this
 * month, stories awaiting moderation and how long the oldest has waited,
 * the share of published stories with a response, active staff, and failed
 * sign-ins in the last seven days.
 *
 * Guarantees: one grouped query per figure across every tenant (never one
 * per tenant), run inside `tenancy.acrossTenants`; a tenant with nothing to
 * count gets zeros, not a missing row.
 */
import db from '@adonisjs/lucid/services/db'
import { tenancy } from '#tenancy/context'
import { publiclyVisibleSql, STORY_STATUS } from '#models/story'

export type TenantFigures = {
  storiesThisMonth: number
  awaitingModeration: number
  oldestWaitingSince: Date | null
  published: number
  responded: number
  /** Whole percent of published stories with a response, or null when none is published. */
  respondedPercent: number | null
  activeStaff: number
  signInFailures7Days: number
}

const FAILED_SIGN_INS = ['sign_in.failed', 'sign_in.second_factor_failed']

function empty(): TenantFigures {
  return {
    storiesThisMonth: 0,
    awaitingModeration: 0,
    oldestWaitingSince: null,
    published: 0,
    responded: 0,
    respondedPercent: null,
    activeStaff: 0,
    signInFailures7Days: 0,
  }
}

type Row = Record<string, unknown> & { tenant_id: string | number }

export async function platformFigures(): Promise<Map<number, TenantFigures>> {
  return tenancy.acrossTenants('national console: platform figures', async () => {
    /* Sequential, not Promise.all: each holds a pooled connection, and these are cheap. */
    const told = (await db
      .from('stories')
      .select('tenant_id')
      .count('* as count')
      .where('confirmed_at', '>=', db.raw("date_trunc('month', now())"))
      .groupBy('tenant_id')) as Row[]
    const waiting = (await db
      .from('stories')
      .select('tenant_id')
      .count('* as count')
      .min('confirmed_at as oldest')
      .where('status', STORY_STATUS.awaitingModeration)
      .groupBy('tenant_id')) as Row[]
    const published = (await db
      .from('stories')
      .select('tenant_id')
      .count('* as count')
      .count('first_response_at as responded')
      .whereRaw(publiclyVisibleSql('stories'))
      .groupBy('tenant_id')) as Row[]
    const staff = (await db
      .from('memberships')
      .join('users', 'users.id', 'memberships.user_id')
      .whereNull('users.disabled_at')
      .select('memberships.tenant_id')
      .countDistinct('memberships.user_id as count')
      .groupBy('memberships.tenant_id')) as Row[]
    const failures = (await db
      .from('audit_events')
      .select('tenant_id')
      .count('* as count')
      .whereIn('action', FAILED_SIGN_INS)
      .where('created_at', '>=', db.raw("now() - interval '7 days'"))
      .groupBy('tenant_id')) as Row[]

    const figures = new Map<number, TenantFigures>()
    const of = (row: Row) => {
      const id = Number(row.tenant_id)
      if (!figures.has(id)) figures.set(id, empty())
      return figures.get(id)!
    }
    for (const row of told) of(row).storiesThisMonth = Number(row.count)
    for (const row of waiting) {
      of(row).awaitingModeration = Number(row.count)
      of(row).oldestWaitingSince = row.oldest ? new Date(row.oldest as string) : null
    }
    for (const row of published) {
      const entry = of(row)
      entry.published = Number(row.count)
      entry.responded = Number(row.responded)
      entry.respondedPercent = entry.published
        ? Math.round((100 * entry.responded) / entry.published)
        : null
    }
    for (const row of staff) of(row).activeStaff = Number(row.count)
    for (const row of failures) of(row).signInFailures7Days = Number(row.count)
    return figures
  })
}

/** The figures of one tenant, zeros when it has none. */
export function figuresOf(figures: Map<number, TenantFigures>, tenantId: number) {
  return figures.get(Number(tenantId)) ?? empty()
}
