/*
 * Mail goes through the job queue: `mail.sendLater(...)` renders the message
 * at once, then records a `mail.send` job carrying it (and the mailer's
 * name) in PostgreSQL; a `queue:work` process sends it, retrying with
 * back-off. Nothing queued is lost when a process stops.
 *
 * `queueMail(mail, { dedupeKey, client })` is sendLater with two extras:
 * - `dedupeKey`: a second call with the same key queues nothing (for as long
 *   as the job row is kept: rows with a key are kept for good), and the
 *   message gets a Message-ID derived from the key, so a copy sent again
 *   after a worker crash between sending and committing is recognisable as
 *   the same message;
 * - `client`: the job is recorded in the caller's transaction, so it exists
 *   if and only if that transaction commits.
 *
 * In fake mode (`mail.fake()`) the fake mailer ignores messengers and
 * records the message as queued, as before.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { createHash } from 'node:crypto'
import mail from '@adonisjs/mail/services/main'
import { Message, type BaseMail, type Mailer } from '@adonisjs/mail'
import type {
  MailerMessenger,
  MailersList,
  MailTransportContract,
  MessageBodyTemplates,
  MessageComposeCallback,
  NodeMailerMessage,
} from '@adonisjs/mail/types'
import type { EnqueueOptions } from '#services/platform/job_queue'
import { messageIdFor } from '#services/platform/job_queue'
import { sendMailJob, type MailJobPayload } from '#jobs/send_mail'

export type QueueMailOptions = Pick<EnqueueOptions, 'dedupeKey' | 'client' | 'runAt'> & {
  mailer?: keyof MailersList
}

const pendingOptions = new AsyncLocalStorage<QueueMailOptions>()

/** mail.sendLater, with a dedupe key and/or inside the caller's transaction. */
export async function queueMail(
  callbackOrMail: MessageComposeCallback | BaseMail,
  options: QueueMailOptions = {}
) {
  const mailer = mail.use(options.mailer)
  await pendingOptions.run(options, () => mailer.sendLater(callbackOrMail))
}

/** The dedupe key of the job: hashed, so no address is kept in clear. */
export function mailDedupeKey(key: string) {
  return `mail:${createHash('sha256').update(key).digest('hex')}`
}

function senderDomain() {
  const from = mail.config.from
  const address = typeof from === 'string' ? from : from?.address
  const domain = address?.split('@')[1]?.replace(/>.*$/, '')
  return domain || 'carevoice.invalid'
}

function isStream(value: unknown) {
  return Boolean(value) && typeof (value as { pipe?: unknown }).pipe === 'function'
}

/** Attachments as JSON: buffers become base64 text; streams cannot be queued. */
function storable(message: NodeMailerMessage): NodeMailerMessage {
  for (const field of ['html', 'text', 'watch', 'amp', 'raw'] as const) {
    const value = (message as Record<string, unknown>)[field]
    if (isStream(value) || Buffer.isBuffer(value)) {
      throw new Error(`A queued mail needs its ${field} as a string, not a stream or buffer`)
    }
  }
  const attachments = message.attachments?.map((attachment) => {
    const content = attachment.content
    if (isStream(content)) {
      throw new Error('A queued mail cannot carry a stream attachment: give a Buffer or a path')
    }
    if (Buffer.isBuffer(content)) {
      return { ...attachment, content: content.toString('base64'), encoding: 'base64' }
    }
    return attachment
  })
  const json = JSON.stringify(
    { ...message, ...(attachments ? { attachments } : {}) },
    (key, value) => {
      if (value && value.type === 'Buffer' && Array.isArray(value.data)) {
        throw new Error(`A queued mail cannot carry binary data in "${key}": use an attachment`)
      }
      return value
    }
  )
  return JSON.parse(json)
}

export function hasRecipient(message: NodeMailerMessage) {
  const to = [message.to ?? []].flat() as (string | { address?: string })[]
  return to.some((recipient) =>
    typeof recipient === 'string' ? recipient.trim() !== '' : Boolean(recipient?.address?.trim())
  )
}

class JobQueueMessenger implements MailerMessenger {
  constructor(private mailer: Mailer<MailTransportContract>) {}

  async queue(
    compiled: { message: NodeMailerMessage; views: MessageBodyTemplates },
    sendConfig?: unknown
  ) {
    const options = pendingOptions.getStore() ?? {}
    /* An author who left no address (a story typed in from paper, an erased author) is sent nothing. */
    if (!hasRecipient(compiled.message)) return { jobId: null }
    /* Render now: template data need not be serialisable, only the result. */
    await Message.computeContentsFor({
      message: compiled.message,
      views: compiled.views,
      sharedState: this.mailer.config.globals ?? {},
    })
    const message = storable(compiled.message)
    const dedupeKey = options.dedupeKey ? mailDedupeKey(options.dedupeKey) : undefined
    if (dedupeKey) message.messageId = messageIdFor(dedupeKey, senderDomain())
    const payload: MailJobPayload = { mailer: this.mailer.name, message, sendConfig }
    const jobId = await sendMailJob.enqueue(payload, {
      dedupeKey,
      client: options.client,
      runAt: options.runAt,
    })
    return { jobId }
  }
}

/** Installed once, by start/mail_queue.ts. */
export function useJobQueueForMail() {
  mail.setMessenger((mailer) => new JobQueueMessenger(mailer))
}
