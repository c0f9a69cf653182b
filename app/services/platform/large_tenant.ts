/**
 * The large tenant: a persisted tenant `large` on `large.localhost` with N
 * invented stories, for measuring pages at scale (`npm run bench`,
 * `benchmark:stories --tenant large`).
 *
 * Guarantees:
 * - built set-based in SQL (generate_series, in chunks with a progress
 *   line), never through model saves, so a million stories take minutes;
 * - all of it in one transaction on the owner connection: a failed run
 *   leaves the previous large tenant (or none) as it was, and a new run
 *   replaces the old tenant whole;
 * - derived data is kept true: search vectors (the stories trigger),
 *   progress and first response times, story_listings (rebuilt through
 *   #services/stories/story_listings), and fresh planner statistics;
 * - the shape is realistic and deterministic: story lengths from a few
 *   lines to 1,500 words, one to three services each, tags on most,
 *   responses on three quarters of the published ones (replies on some,
 *   change claims confirmed or pending), criticality 0–5, a few hidden,
 *   withdrawn and awaiting moderation. Service refs follow
 *   benchmark:stories (b-N boards, h-N hospitals, w-N wards) and texts
 *   carry a rare word `kNNNN`, so its timings apply to this tenant.
 */
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Tenant from '#models/tenant'
import TenantDomain from '#models/tenant_domain'
import { STORY_STATUS } from '#models/story'
import { REPLY_STATUS } from '#models/author_reply'
import { tenancy } from '#tenancy/context'
import { DEMO_TAGS } from '#services/platform/demo_data'
import { recomputeServicePaths } from '#services/directory/directory_tree'
import { rebuildAllListings } from '#services/stories/story_listings'

export const LARGE_TENANT = { slug: 'large', name: 'Carevoice Large', domain: 'large.localhost' }
const CHUNK = 50_000

const SENTENCES = [
  'The nurse was kind and explained everything before each test.',
  'We waited four hours in the emergency department without news.',
  'Parking was difficult but the reception staff were helpful.',
  'The food was cold and the ward was noisy at night.',
  'My mother was discharged without her medicines on a Friday.',
  'The doctor listened to my worries and answered every question.',
  'Nobody told us how long the wait would be.',
  'The porter chatted to my son all the way to the scanner.',
  'Pain relief took over an hour to arrive after the operation.',
  'The ward was spotless and the staff worked calmly together.',
  'I phoned three times about my results and nobody called back.',
  'As a carer I felt listened to for the first time.',
  'Visiting times on the website and on the door did not match.',
  'The physiotherapist gave me exercises I could do at home.',
  'There were only two nurses for the whole ward at night.',
  'The consultant explained the diagnosis in plain words.',
  'My appointment letter arrived the day after the appointment.',
  'The interpreter made a real difference to my grandmother.',
  'Call bells rang for a long time before anyone came.',
  'The pharmacist checked every tablet with us before we left.',
  'The receptionist found us another slot the same afternoon.',
  'I was anxious about the operation but felt involved in every decision.',
  'The toilets on the ward were not cleaned for a whole day.',
  'The district nurse came every morning and never rushed.',
  'We were moved between three wards in two days.',
  'The care home staff knew exactly what my father liked to eat.',
  'The mental health team phoned back within the hour.',
  'The waiting room had nowhere for a wheelchair.',
  'My daughter was scared, and the play specialist helped her.',
  'The discharge letter was clear and the follow-up was booked.',
]
const TITLES = [
  'Kind night staff',
  'A long wait to be seen',
  'Discharge felt rushed',
  'They listened to my worries',
  'Parking made us late',
  'Clean, calm and well organised',
  'Pain relief came too late',
  'Nobody called back',
  'A carer’s thank you',
  'Not enough staff at night',
  'Clear explanations from the team',
  'Visiting times were confusing',
  'Help at home after the operation',
  'Moved between wards',
  'A birthday remembered',
]
const RESPONSES = [
  'Thank you for telling us about your experience. We have shared your story with the team.',
  'We are sorry that your visit fell short. The ward manager would like to talk with you.',
  'Thank you for your kind words; we have passed them on to the staff involved.',
]
const ROLES = ['patient', 'relative', 'carer', 'parent', 'friend', 'patient', 'other']

const array = (values: string[]) =>
  `array[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ')}]`

/** A well-spread number 0..999 from a story number (Knuth's multiplicative hash). */
const HASH = (column: string) => `((${column}::bigint * 2654435761) % 1000)`

export type LargeTenantOptions = { stories: number; services: number; log?: (line: string) => void }

/** The service tree's shape: boards, hospitals, and wards for the rest. */
export function serviceShape(services: number) {
  const boards = Math.max(1, Math.floor(services / 1000))
  const hospitals = Math.max(1, Math.floor(services / 100))
  return { boards, hospitals, wards: Math.max(0, services - boards - hospitals) }
}

async function removeLarge(trx: TransactionClientContract) {
  const old = await Tenant.query({ client: trx }).where('slug', LARGE_TENANT.slug).first()
  if (!old) return false
  /* Every tenant table cascades from tenants; listings first, as they are most of the rows. */
  await trx.rawQuery('delete from story_listings where tenant_id = ?', [old.id])
  await trx.rawQuery('delete from tenants where id = ?', [old.id])
  return true
}

/** Builds (or rebuilds) the large tenant; returns it. */
export async function seedLargeTenant(options: LargeTenantOptions) {
  const log = options.log ?? (() => {})
  const started = performance.now()
  const step = (label: string) =>
    log(`${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`)
  const tenant = await tenancy.acrossTenants('demo:seed-large builds its own tenant', () =>
    db.connection('owner').transaction(async (trx) => {
      if (await removeLarge(trx)) step('previous large tenant removed')
      const created = await Tenant.create(
        {
          slug: LARGE_TENANT.slug,
          name: LARGE_TENANT.name,
          status: 'active',
          defaultLocale: 'en-GB',
          enabledLocales: ['en-GB', 'cy'],
          timeZone: 'Europe/London',
          theme: { tagline: 'A million invented stories, for measuring speed' },
        },
        { client: trx }
      )
      await TenantDomain.create(
        { tenantId: created.id, hostname: LARGE_TENANT.domain, isPrimary: true },
        { client: trx }
      )
      await tenancy.run(created, () => build(trx, created.id, options, step))
      step(`built ${options.stories} stories`)
      return created
    })
  )
  /*
   * After the commit (VACUUM cannot run in a transaction): the visibility
   * map lets listing pages and figures read their index alone; without it
   * every index entry visits the table until autovacuum comes by.
   */
  await db
    .connection('owner')
    .rawQuery(
      `vacuum (analyze) ${['stories', 'story_listings', 'story_services', 'responses'].join(', ')}`
    )
  step('vacuumed')
  return tenant
}

async function build(
  trx: TransactionClientContract,
  tenant: number,
  { stories: total, services }: LargeTenantOptions,
  step: (label: string) => void
) {
  /* Areas: 4 regions of 4 localities. */
  await trx.rawQuery(
    `insert into areas (tenant_id, name, slug, parent_id, created_at, updated_at)
     select ?, 'Region ' || g, 'region-' || g, null, now(), now() from generate_series(1, 4) g`,
    [tenant]
  )
  await trx.rawQuery(
    `insert into areas (tenant_id, name, slug, parent_id, created_at, updated_at)
     select ?, 'Locality ' || g, 'area-' || g, p.id, now(), now()
       from generate_series(0, 15) g
       join areas p on p.tenant_id = ? and p.slug = 'region-' || (1 + g / 4)`,
    [tenant, tenant]
  )
  const shape = serviceShape(services)
  const insertServices = (
    prefix: string,
    label: string,
    kind: string,
    count: number,
    parent: string | null,
    per: number
  ) =>
    trx.rawQuery(
      `insert into services (tenant_id, ref, slug, name, kind, area_id, parent_id, path, status,
                             description, created_at, updated_at)
       select :tenant::bigint, :prefix || g, 'large-' || :prefix || g, :label || ' ' || g, :kind,
              (select id from areas a where a.tenant_id = :tenant and a.slug = 'area-' || (g % 16)),
              p.id, '', 'open', 'An invented service of the large tenant.', now(), now()
         from generate_series(1, :count) g
         left join services p on p.tenant_id = :tenant and p.ref = :parent || ((g - 1) / :per + 1)`,
      { tenant, prefix, label, kind, count, parent: parent ?? '', per }
    )
  await insertServices('b-', 'NHS Large Board', 'health_board', shape.boards, null, 1)
  await insertServices(
    'h-',
    'Large General Hospital',
    'hospital',
    shape.hospitals,
    'b-',
    Math.ceil(shape.hospitals / shape.boards)
  )
  await trx.rawQuery('analyze services')
  if (shape.wards)
    await insertServices(
      'w-',
      'Ward',
      'ward',
      shape.wards,
      'h-',
      Math.ceil(shape.wards / shape.hospitals)
    )
  await recomputeServicePaths(trx)
  for (const [question, labels] of Object.entries(DEMO_TAGS))
    await trx.rawQuery(
      `insert into story_tags (tenant_id, question, label, position)
       select ?, ?, label, position - 1 from unnest(?::text[]) with ordinality as t(label, position)`,
      [tenant, question, labels]
    )
  step(`${services} services, ${Object.values(DEMO_TAGS).flat().length} tags`)

  /*
   * Stories, oldest first over three years. Status by number: 1 in 97
   * awaiting moderation, 1 in 211 hidden, 1 in 307 withdrawn, the rest
   * published. Length: 60% 2–7 sentences, 30% 8–32, 9% 33–82, 1% 100–125
   * (about 1,500 words).
   */
  const h = HASH('g')
  for (let from = 1; from <= total; from += CHUNK) {
    const to = Math.min(total, from + CHUNK - 1)
    await trx.rawQuery(
      `insert into stories (tenant_id, status, title, original_body, public_title, public_body, happened_on,
                            author_role, age_band, display_name, author_email, locale, confirmed_at,
                            published_at, criticality, version, progress, staff_views, experienced_count,
                            created_at, updated_at)
       select :tenant::bigint, x.status, x.title, x.body || ' (As the author wrote it.)',
              case when x.status <> '${STORY_STATUS.awaitingModeration}' then x.title end,
              case when x.status <> '${STORY_STATUS.awaitingModeration}' then x.body end,
              (x.at - interval '9 days')::date, (${array(ROLES)})[1 + x.h % ${ROLES.length}],
              'not_said', 'Reader ' || x.g, 'large-' || x.g || '@example.test',
              case when x.h % 40 = 7 then 'cy' else 'en-GB' end,
              x.at - interval '20 hours',
              case when x.status <> '${STORY_STATUS.awaitingModeration}' then x.at end,
              case when x.status <> '${STORY_STATUS.awaitingModeration}' then x.h % 6 end,
              1, 'not_read', x.h % 3, x.h % 9, x.at - interval '20 hours', x.at
         from (
           select g, ${h} as h,
                  now() - ((:total - g) * (interval '3 years' / greatest(:total::int, 1))) - interval '1 hour' as at,
                  case when g % 97 = 0 then '${STORY_STATUS.awaitingModeration}'
                       when g % 211 = 0 then '${STORY_STATUS.hidden}'
                       when g % 307 = 0 then '${STORY_STATUS.withdrawn}'
                       else '${STORY_STATUS.published}' end as status,
                  (${array(TITLES)})[1 + g % ${TITLES.length}] as title,
                  (select string_agg((${array(SENTENCES)})[1 + (g * 31 + i * 17) % ${SENTENCES.length}], ' ')
                     from generate_series(1, case when ${h} < 600 then 2 + ${h} % 6
                                                  when ${h} < 900 then 8 + ${h} % 25
                                                  when ${h} < 990 then 33 + ${h} % 50
                                                  else 100 + ${h} % 26 end) i)
                    || ' Reference k' || (g % 9973) || '.' as body
             from generate_series(:from::int, :to::int) g
         ) x
        order by x.g`,
      { tenant, total, from, to }
    )
    step(`stories ${to} of ${total}`)
  }

  /* Statistics after each bulk insert: without them the planner guesses one row for the new tenant and joins by nested loops. */
  const analyze = (table: string) => trx.rawQuery(`analyze ${table}`)
  await analyze('stories')
  /* One to three services: a ward (or hospital), a second ward for 1 in 3, the hospital above for 1 in 7. */
  await trx.rawQuery(
    `with leaves as (
       select id, row_number() over (order by id) - 1 as n from services
        where tenant_id = :tenant and kind = :leaf
     ), numbered as (
       select s.id, row_number() over (order by s.id) as g from stories s where s.tenant_id = :tenant
     ), picked as (
       select n.id, n.g, a.id as first, b.id as second
         from numbered n
         join leaves a on a.n = (n.g * 7) % :count
         join leaves b on b.n = (n.g * 7 + 1 + n.g % 5) % :count
     )
     insert into story_services (tenant_id, story_id, service_id)
     select :tenant::bigint, p.id, p.first from picked p
     union all
     select :tenant::bigint, p.id, p.second from picked p where p.g % 3 = 0 and p.second <> p.first
     union all
     select :tenant::bigint, p.id, sv.parent_id from picked p join services sv on sv.tenant_id = :tenant and sv.id = p.first
      where p.g % 7 = 0 and sv.parent_id is not null
     on conflict do nothing`,
    { tenant, leaf: shape.wards ? 'ward' : 'hospital', count: shape.wards || shape.hospitals }
  )
  await analyze('story_services')
  step('story services linked')
  /* Tags on most: a good one for 7 in 10, an improvement for 6 in 10, a feeling for 17 in 20. */
  await trx.rawQuery(
    `with tags as (
       select question, array_agg(id order by position) as ids from story_tags
        where tenant_id = :tenant group by question
     ), numbered as (
       select s.id, ${HASH('s.id')} as h from stories s where s.tenant_id = :tenant
     )
     insert into story_tag_links (tenant_id, story_id, tag_id)
     select :tenant::bigint, n.id, t.ids[1 + (n.h / 7) % cardinality(t.ids)]
       from numbered n join tags t on
            (t.question = 'good' and n.h % 10 < 7) or
            (t.question = 'improve' and n.h % 10 >= 4) or
            (t.question = 'feeling' and n.h % 20 < 17)
     on conflict do nothing`,
    { tenant }
  )
  await analyze('story_tag_links')
  step('tags linked')
  /*
   * Responses on three quarters of the published stories, from the story's
   * first service, 1 to 240 hours after publication; 1 in 10 a confirmed
   * change made, 1 in 10 a confirmed change planned, 1 in 25 a claim not
   * yet confirmed.
   */
  await trx.rawQuery(
    `insert into responses (tenant_id, story_id, service_id, author_name, author_job_title, body,
                            editable_until, change_kind, change_description, change_status,
                            change_checked_at, created_at, updated_at)
     select :tenant::bigint, s.id, (select min(ss.service_id) from story_services ss
                             where ss.tenant_id = s.tenant_id and ss.story_id = s.id),
            'Patient experience team', 'Patient experience lead',
            (${array(RESPONSES)})[1 + s.h % ${RESPONSES.length}],
            s.at + interval '1 day',
            case when s.h % 10 = 0 or s.h % 25 = 2 then 'made' when s.h % 10 = 1 then 'planned' end,
            case when s.h % 10 = 0 or s.h % 25 = 2 then 'We now explain each step before it happens.'
                 when s.h % 10 = 1 then 'We will review how we share information with families.' end,
            case when s.h % 10 in (0, 1) then 'confirmed' when s.h % 25 = 2 then 'pending' end,
            case when s.h % 10 in (0, 1) then s.at end,
            s.at, s.at
       from (select st.id, st.tenant_id, ${HASH('st.id')} as h,
                    least(now(), st.published_at + ((1 + st.id % 240) || ' hours')::interval) as at
               from stories st
              where st.tenant_id = :tenant and st.published_at is not null and st.id % 4 <> 0) s`,
    { tenant }
  )
  await analyze('responses')
  step('responses written')
  await trx.rawQuery(
    `insert into author_replies (tenant_id, story_id, response_id, original_body, public_body, status,
                                 moderated_at, created_at, updated_at)
     select :tenant::bigint, r.story_id, r.id, 'Thank you for answering. It means a lot that you listened.',
            'Thank you for answering. It means a lot that you listened.', '${REPLY_STATUS.published}',
            r.created_at + interval '2 days', r.created_at + interval '1 day', r.created_at + interval '1 day'
       from responses r where r.tenant_id = :tenant and r.id % 5 = 0`,
    { tenant }
  )
  await analyze('author_replies')
  step('replies written')
  /* Progress as story_progress refreshProgress derives it, for all stories at once. */
  await trx.rawQuery(
    `update stories s set first_response_at = r.first_at,
            progress = case when r.made > 0 then 'change_made'
                            when r.planned > 0 then 'change_planned'
                            else 'responded' end
       from (select story_id, min(created_at) as first_at,
                    count(*) filter (where change_kind = 'made' and change_status = 'confirmed') as made,
                    count(*) filter (where change_kind = 'planned' and change_status = 'confirmed') as planned
               from responses where tenant_id = :tenant group by story_id) r
      where s.tenant_id = :tenant and s.id = r.story_id`,
    { tenant }
  )
  await trx.rawQuery(
    `update stories set progress = 'read' where tenant_id = ? and progress = 'not_read' and staff_views > 0`,
    [tenant]
  )
  step('progress derived')
  await analyze('stories')
  await rebuildAllListings(trx)
  await analyze('story_listings')
  step('listings rebuilt and analysed')
}
