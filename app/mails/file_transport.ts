/**
 * Development mail: each message is written as an .eml file under
 * tmp/mail/, where a developer can open it (any mail client reads .eml),
 * and its subject and links are logged. Never used in production.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createTransport } from 'nodemailer'
import { MailResponse } from '@adonisjs/mail'
import type { MailTransportContract, NodeMailerMessage } from '@adonisjs/mail/types'

export class FileTransport implements MailTransportContract {
  #transporter = createTransport({ streamTransport: true, buffer: true, newline: 'unix' })

  constructor(private folder: string) {}

  async send(message: NodeMailerMessage) {
    const result = await this.#transporter.sendMail(message)
    mkdirSync(this.folder, { recursive: true })
    const safeTo = String(Array.isArray(message.to) ? message.to[0] : message.to)
      .replace(/[^a-z0-9@.-]/gi, '_')
      .slice(0, 80)
    const file = join(this.folder, `${Date.now()}-${safeTo}.eml`)
    writeFileSync(file, result.message as Buffer)
    process.stdout.write(`mail: "${message.subject}" to ${safeTo} written to ${file}\n`)
    return new MailResponse(result.messageId, result.envelope, result)
  }
}
