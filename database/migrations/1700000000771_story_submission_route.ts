import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * How a story came: told online by its author, or typed in by staff on the
 * author's behalf from paper, a phone call, a conversation in person, or a
 * partner organisation. Staff see it; the public does not.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      `alter table stories add column submission_route varchar(20) not null default 'online'`
    )
    this.schema.raw(
      `alter table stories add constraint stories_submission_route_check check (submission_route in ('online', 'paper', 'phone', 'in_person', 'partner'))`
    )
  }

  async down() {
    this.schema.raw('alter table stories drop column submission_route')
  }
}
