/**
 * Demo data for checked responses: Fife's responders sign with job titles,
 * one of them holds fast-track, and two responses from the other wait in
 * the moderators' check queue (all invented).
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Membership from '#models/membership'
import Service from '#models/service'
import Story from '#models/story'
import Tenant from '#models/tenant'
import User from '#models/user'
import { submitForCheck } from '#services/responses/response_checks'
import { tenancy } from '#tenancy/context'

const WAITING = [
  'This is an invented response for the demo. Thank you for telling us; the ward sister will talk with the night team about pain relief.',
  'This is an invented response for the demo. We are sorry the wait was so long and have shared your story with the reception team.',
]

export async function seedDemoChecks(log: (line: string) => void) {
  const fife = await Tenant.findBy('slug', 'fife')
  if (!fife) return
  await tenancy.run(fife, async () => {
    const checked = await User.findByOrFail('email', 'responder@fife.carevoice.test')
    const fast = await User.findByOrFail('email', 'fasttrack@fife.carevoice.test')
    const moderator = await User.findByOrFail('email', 'moderator@fife.carevoice.test')
    checked.jobTitle = 'Senior Charge Nurse (fictional)'
    await checked.save()
    fast.jobTitle = 'Patient Experience Lead (fictional)'
    await fast.save()
    await Membership.query()
      .where('user_id', fast.id)
      .where('role', 'responder')
      .update({ fast_track_granted_at: DateTime.now(), fast_track_granted_by_id: moderator.id })

    const hospital = await Service.findByOrFail('ref', 'victoria-hospital')
    const stories = await Story.publiclyVisible(Story.query())
      .whereRaw(
        `exists (select 1 from story_listings l where l.tenant_id = stories.tenant_id and l.story_id = stories.id
                  and l.kind = 'service' and l.target_id = ?)`,
        [hospital.id]
      )
      .whereNull('first_response_at')
      .orderBy('published_at', 'desc')
      .limit(WAITING.length)
    await db.transaction(async (trx) => {
      for (const [index, story] of stories.entries())
        await submitForCheck(checked, story, { serviceId: hospital.id, body: WAITING[index] }, trx)
    })
    log(`responses: ${stories.length} waiting for a check and a fast-track responder in fife`)
  })
}
