import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Sign-in without hard locks: the failure counter and the lock are gone (a
 * stranger could use them to lock anyone out; throttling lives in the rate
 * limiter instead). Added: the last TOTP time step accepted, so a code is
 * good once; and when the owner was last told of failed sign-ins, so that
 * notice goes at most once an hour.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('users', (table) => {
      table.dropColumn('failed_sign_in_count')
      table.dropColumn('locked_until')
      table.bigInteger('totp_last_time_step').nullable()
      table.timestamp('sign_in_notice_sent_at', { useTz: true }).nullable()
    })
  }

  async down() {
    this.schema.alterTable('users', (table) => {
      table.dropColumn('totp_last_time_step')
      table.dropColumn('sign_in_notice_sent_at')
      table.integer('failed_sign_in_count').notNullable().defaultTo(0)
      table.timestamp('locked_until', { useTz: true }).nullable()
    })
  }
}
