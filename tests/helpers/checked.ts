/** Test helpers for checked responses: fast-track and job titles as a moderator and an account page would set them. */
import { DateTime } from 'luxon'
import Membership from '#models/membership'
import type Tenant from '#models/tenant'
import type User from '#models/user'
import { tenancy } from '#tenancy/context'

/** Grants `user`'s responder membership in `tenant` fast-track, so their responses publish at once. */
export async function giveFastTrack(tenant: Tenant, user: User) {
  await tenancy.run(tenant, async () => {
    const membership = await Membership.query()
      .where('user_id', user.id)
      .where('role', 'responder')
      .firstOrFail()
    membership.fastTrackGrantedAt = DateTime.now()
    await membership.save()
  })
}

/** Signs `user` with a job title, as /staff/account does. */
export async function giveJobTitle(user: User, jobTitle = 'Ward Manager') {
  user.jobTitle = jobTitle
  await user.save()
  return user
}

/** A responder ready to publish at once: a job title and fast-track. */
export async function fastTrackResponder(tenant: Tenant, user: User, jobTitle?: string) {
  await giveJobTitle(user, jobTitle)
  await giveFastTrack(tenant, user)
  return user
}
