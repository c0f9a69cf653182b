/**
 * What the job queue keeps once a job is done, and what its errors may say.
 *
 * - A sent mail's payload (the whole rendered message: addresses, private
 *   links, confirmation tokens) is emptied in the same transaction that
 *   marks the job done, so no working secret outlives its sending.
 * - A job's recorded error has email addresses and URL tokens masked before
 *   it is stored (an SMTP refusal quotes the recipient), and the prune job
 *   clears errors of failed jobs after 30 days.
 */
export const EMPTIED_WHEN_DONE = 'mail.send'

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g
const URL_TOKEN =
  /(\/(?:my-story|invitations|reset|confirm|unsubscribe|subscriptions\/[a-z]+)\/)[A-Za-z0-9_-]{16,}/g

/** An error text with addresses and link tokens masked. */
export function scrubError(detail: string) {
  return detail.replace(EMAIL, '[address]').replace(URL_TOKEN, '$1[token]')
}
