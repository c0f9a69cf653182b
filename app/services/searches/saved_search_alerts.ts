/**
 * Saved-search alerts: when a story is published, every saved search set
 * to alert whose criteria it matches (by its owner's rights now) gets it,
 * at once or in the next daily digest.
 *
 * Guarantees:
 * - at most one alert per saved search and story: the
 *   saved_search_deliveries row is inserted in the job's transaction with
 *   the mail, and only a new row queues mail (retries send nothing twice);
 * - a story outside the owner's coverage never matches (the staff search's
 *   own rules decide, #services/searches/staff_search);
 * - emails carry the public title and staff links only, in the owner's language.
 */
import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import SavedSearch from '#models/saved_search'
import Story, { publiclyVisibleSql } from '#models/story'
import Tenant from '#models/tenant'
import { tenancy } from '#tenancy/context'
import { siteOfTenant, siteUrl, type Site } from '#tenancy/site'
import { recipientLocale } from '#mails/app_mail'
import { SavedSearchAlertMail } from '#mails/saved_search_alert_mail'
import { criteriaOf, ownerOf } from '#services/searches/saved_searches'
import {
  prepareStaffSearch,
  staffQueryString,
  storyMatchesStaffSearch,
} from '#services/searches/staff_search'

function searchUrl(site: Site, saved: SavedSearch) {
  const query = staffQueryString(criteriaOf(saved))
  return siteUrl(site, `/staff/search${query ? `?${query}` : ''}`)
}

/** Records (and for instant ones queues) the alerts of a newly published story; returns how many were new. */
export async function alertSavedSearches(storyId: number, client: TransactionClientContract) {
  const tenantId = tenancy.require().id
  const story = await Story.publiclyVisible(Story.query({ client })).where('id', storyId).first()
  if (!story) return 0
  const searches = await SavedSearch.query({ client }).whereNot('alert_mode', 'none').orderBy('id')
  if (!searches.length) return 0
  const tenant = await Tenant.findOrFail(tenantId, { client })
  let site: Site | null = null
  let fresh = 0
  for (const saved of searches) {
    const owner = await ownerOf(saved)
    if (!owner) continue
    const prepared = await prepareStaffSearch(owner.searcher, criteriaOf(saved))
    if (!(await storyMatchesStaffSearch(prepared, story))) continue
    const inserted = await client.rawQuery(
      `insert into saved_search_deliveries (tenant_id, saved_search_id, story_id, mode, created_at, sent_at)
       values (?, ?, ?, ?, now(), case when ? then now() end)
       on conflict do nothing returning story_id`,
      [tenantId, saved.id, story.id, saved.alertMode, saved.alertMode === 'instant']
    )
    if (!inserted.rows.length) continue
    fresh++
    if (saved.alertMode !== 'instant') continue
    site ??= await siteOfTenant(tenant)
    await new SavedSearchAlertMail(
      tenant,
      owner.user.email,
      recipientLocale(tenant, owner.user.locale),
      {
        searchName: saved.name,
        stories: [
          { title: story.publicTitle ?? '', url: siteUrl(site, `/staff/stories/${story.id}`) },
        ],
        searchUrl: searchUrl(site, saved),
        settingsUrl: siteUrl(site, '/staff/saved-searches'),
      }
    ).queue({ client, dedupeKey: `saved-search:${tenantId}:${saved.id}:${story.id}` })
    saved.useTransaction(client)
    saved.lastAlertedAt = DateTime.now()
    await saved.save()
  }
  return fresh
}

/** The daily digest of saved searches: one email per search with stories waiting; returns how many. */
export async function sendSavedSearchDigests(
  client: TransactionClientContract,
  now = DateTime.now()
) {
  const tenant = await Tenant.findOrFail(tenancy.require().id, { client })
  const result = await client.rawQuery(
    `select d.saved_search_id, d.story_id, s.public_title
       from saved_search_deliveries d
       join stories s on s.tenant_id = d.tenant_id and s.id = d.story_id and ${publiclyVisibleSql('s')}
      where d.tenant_id = ? and d.mode = 'daily' and d.sent_at is null
      order by d.saved_search_id, s.published_at
      for update of d`,
    [tenant.id]
  )
  const rows = result.rows as { saved_search_id: string; story_id: string; public_title: string }[]
  if (!rows.length) return 0
  const site = await siteOfTenant(tenant)
  const bySearch = new Map<number, typeof rows>()
  for (const row of rows) {
    const id = Number(row.saved_search_id)
    bySearch.set(id, [...(bySearch.get(id) ?? []), row])
  }
  let sent = 0
  for (const [id, stories] of bySearch) {
    const saved = await SavedSearch.find(id, { client })
    const owner = saved ? await ownerOf(saved) : null
    const storyIds = stories.map((row) => Number(row.story_id))
    if (saved && owner) {
      await new SavedSearchAlertMail(
        tenant,
        owner.user.email,
        recipientLocale(tenant, owner.user.locale),
        {
          searchName: saved.name,
          stories: stories.map((row) => ({
            title: row.public_title,
            url: siteUrl(site, `/staff/stories/${row.story_id}`),
          })),
          searchUrl: searchUrl(site, saved),
          settingsUrl: siteUrl(site, '/staff/saved-searches'),
        }
      ).queue({
        client,
        dedupeKey: `saved-search-digest:${tenant.id}:${id}:${storyIds.join(',')}`,
      })
      saved.useTransaction(client)
      saved.lastAlertedAt = now
      await saved.save()
      sent++
    }
    await client.rawQuery(
      `update saved_search_deliveries set sent_at = ?
        where tenant_id = ? and saved_search_id = ? and story_id = any(?)`,
      [now.toSQL(), tenant.id, id, storyIds]
    )
  }
  return sent
}
