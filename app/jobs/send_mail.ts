/**
 * Sends a message queued with `mail.sendLater` (or `queueMail`): the message
 * was rendered when it was queued, so this only hands it to the transport.
 */
import mail from '@adonisjs/mail/services/main'
import type { MailersList, NodeMailerMessage } from '@adonisjs/mail/types'
import { defineJob } from '#services/platform/job_queue'

export type MailJobPayload = {
  mailer: string
  message: NodeMailerMessage
  sendConfig?: unknown
}

export const sendMailJob = defineJob<MailJobPayload>('mail.send', async (payload) => {
  const mailer = mail.use(payload.mailer as keyof MailersList)
  await mailer.sendCompiled({ message: payload.message, views: {} }, payload.sendConfig as never)
})
