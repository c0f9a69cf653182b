/**
 * Fixtures for provider review: Fife (and England) with private-provider
 * kinds marked, two GP practices under NHS Fife, the staff around them and
 * helpers to approve a story and to make its due job run now.
 */
import db from '@adonisjs/lucid/services/db'
import Area from '#models/area'
import ProviderReview from '#models/provider_review'
import Service from '#models/service'
import type Story from '#models/story'
import type Tenant from '#models/tenant'
import { recomputeServicePaths } from '#services/directory/directory_tree'
import { PROVIDER_REVIEW_DUE_JOB } from '#services/moderation/provider_review'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStaff } from '#tests/helpers/tenants'

export const FIFE = 'fife.localhost'
export const ENGLAND = 'england.localhost'
export const GP = 'links-gp-practice'
export const OTHER_GP = 'bennochy-gp-practice'
export const WARD = 'victoria-hospital-ward-6'
export const PRIVATE_KINDS = ['gp_practice', 'care_home', 'care_at_home', 'dental_practice']

async function markPrivateKinds(tenant: Tenant) {
  tenant.privateProviderKinds = PRIVATE_KINDS
  await tenant.save()
}

async function addGp(tenant: Tenant, ref: string, name: string, parentRef: string | null) {
  return tenancy.run(tenant, async () => {
    const area = await Area.query().orderBy('id').firstOrFail()
    const parent = parentRef ? await Service.findByOrFail('ref', parentRef) : null
    const service = await Service.create({
      ref,
      slug: ref,
      name,
      kind: 'gp_practice',
      areaId: area.id,
      parentId: parent?.id ?? null,
      status: 'open',
      path: '',
    })
    await recomputeServicePaths()
    return Service.findOrFail(service.id)
  })
}

export async function providerReviewSetup() {
  const { fife, england } = await demoDirectory()
  await markPrivateKinds(fife)
  await markPrivateKinds(england)
  const gp = await addGp(fife, GP, 'Links GP Practice (fictional)', 'nhs-fife')
  const otherGp = await addGp(fife, OTHER_GP, 'Bennochy GP Practice (fictional)', 'nhs-fife')
  const englandGp = await addGp(england, 'england-gp', 'Riverside GP (fictional)', null)
  const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test', { name: 'Morag Moderator' })
  const responder = await makeStaff(fife, 'responder', 'gp@fife.test', {
    name: 'Grace Practice-Manager',
    serviceIds: [gp.id],
  })
  const otherResponder = await makeStaff(fife, 'responder', 'other-gp@fife.test', {
    serviceIds: [otherGp.id],
  })
  const englandResponder = await makeStaff(england, 'responder', 'gp@england.test', {
    serviceIds: [englandGp.id],
  })
  return {
    fife,
    england,
    gp,
    otherGp,
    moderator,
    responder,
    otherResponder,
    englandResponder,
  }
}

/** The review of `story`, as the database has it now. */
export function reviewOf(tenant: Tenant, story: Story) {
  return tenancy.run(tenant, async () => ProviderReview.findBy('story_id', story.id))
}

/** Moves the story's due job to now: its window is up, without waiting 72 hours. */
export async function windowIsUp(tenant: Tenant, story: Story) {
  const moved = await tenancy.acrossTenants('test: the review window is up', async () =>
    db.rawQuery(
      `update jobs set run_at = now() - interval '1 second'
        where name = ? and context_tenant_id = ? and payload->>'storyId' = ? and finished_at is null`,
      [PROVIDER_REVIEW_DUE_JOB, tenant.id, String(story.id)]
    )
  )
  if (!moved.rowCount) throw new Error(`no due job for story ${story.id}`)
}
