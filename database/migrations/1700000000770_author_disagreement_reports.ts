import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * An author who disagrees with the moderator's edits flags their story the
 * way a reader's report does (it joins the moderators' queue of reported
 * stories), with a reason of its own that readers cannot choose.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('alter table story_reports drop constraint story_reports_reason_check')
    this.schema.raw(
      `alter table story_reports add constraint story_reports_reason_check check (reason in ('personal_data', 'offensive', 'untrue', 'other', 'author_disagrees'))`
    )
  }

  async down() {
    this.schema.raw(`delete from story_reports where reason = 'author_disagrees'`)
    this.schema.raw('alter table story_reports drop constraint story_reports_reason_check')
    this.schema.raw(
      `alter table story_reports add constraint story_reports_reason_check check (reason in ('personal_data', 'offensive', 'untrue', 'other'))`
    )
  }
}
