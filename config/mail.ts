import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, transports } from '@adonisjs/mail'
import type { InferMailers } from '@adonisjs/mail/types'
import { FileTransport } from '#mails/file_transport'

/**
 * SMTP in production; in development every message is written to
 * tmp/mail/ as an .eml file. Tests use mail.fake(), except the worker
 * processes some tests start, which write to tmp/mail-test/ (kept apart
 * from the developer's own mail).
 */
const mailConfig = defineConfig({
  default: app.inProduction ? 'smtp' : 'file',
  from: {
    address: env.get('MAIL_FROM_ADDRESS') ?? 'no-reply@carevoice.test',
    name: 'Carevoice',
  },
  mailers: {
    smtp: transports.smtp({
      host: env.get('SMTP_HOST') ?? '127.0.0.1',
      port: Number(env.get('SMTP_PORT') ?? 25),
      ...(env.get('SMTP_USERNAME')
        ? {
            auth: {
              type: 'login' as const,
              user: env.get('SMTP_USERNAME')!,
              pass: env.get('SMTP_PASSWORD') ?? '',
            },
          }
        : {}),
    }),
    file: () => new FileTransport(app.tmpPath(app.inTest ? 'mail-test' : 'mail')),
  },
})

export default mailConfig

declare module '@adonisjs/mail/types' {
  export interface MailersList extends InferMailers<typeof mailConfig> {}
}
