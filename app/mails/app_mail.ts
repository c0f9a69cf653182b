/**
 * The one way an email is built. Every email the product sends is a
 * subclass (one per email, in this folder) that says who it is to and
 * what it says; this class gives them all the same guarantees:
 * - the tenant's branding: its name as sender, heading and signature (the
 *   platform's on the national admin host), its brand colour in HTML;
 * - the recipient's language (given by the caller: theirs, or the site's);
 * - a plain-text and an HTML part made from the same text, every
 *   character escaped (see branding.ts);
 * - `List-Unsubscribe` (one-click, RFC 8058) when the email has an
 *   unsubscribe address;
 * - attachments given as buffers (queued as base64 with the mail);
 * - `queue({ client })` records it in the caller's transaction (it is sent
 *   if and only if that commits), with an optional dedupe key.
 * The sender's address is the one config/mail.ts sets.
 */
import i18nManager from '@adonisjs/i18n/services/main'
import mail from '@adonisjs/mail/services/main'
import type { I18n } from '@adonisjs/i18n'
import type { Message } from '@adonisjs/mail'
import type Tenant from '#models/tenant'
import { brandedBody } from '#mails/branding'
import { queueMail, type QueueMailOptions } from '#mails/queue'

/** What an email needs of its tenant; null on the national admin host. */
export type MailTenant = Pick<Tenant, 'name' | 'theme'> | null

export type MailContent = { subject: string; text: string }

export type MailAttachment = { filename: string; contentType: string; content: Buffer }

/** The recipient's language if their tenant offers it, else the tenant's default. */
export function recipientLocale(
  tenant: Pick<Tenant, 'enabledLocales' | 'defaultLocale'>,
  locale: string | null
) {
  return locale && tenant.enabledLocales.includes(locale) ? locale : tenant.defaultLocale
}

/**
 * An email to a staff member about something they just did on a page (a
 * password reset, failed sign-ins): their own language (chosen on
 * /staff/account) when the site offers it, else the language of that page.
 * On the national admin host every shipped language is offered.
 */
export function accountHolderLocale(
  where: { tenant: Pick<Tenant, 'enabledLocales'> | null; site: { locale: string } },
  user: { locale: string | null }
) {
  const offered = where.tenant?.enabledLocales ?? i18nManager.supportedLocales()
  return user.locale && offered.includes(user.locale) ? user.locale : where.site.locale
}

export abstract class AppMail {
  protected readonly i18n: I18n

  constructor(
    protected readonly tenant: MailTenant,
    readonly to: string,
    locale: string
  ) {
    this.i18n = i18nManager.locale(locale)
  }

  /** The subject and the plain text; the HTML part is made from the same text. */
  protected abstract content(): MailContent

  /** The one-click unsubscribe address, for emails that have one. */
  protected unsubscribeUrl(): string | null {
    return null
  }

  /** Files the email carries, for emails that have some. */
  protected attachments(): MailAttachment[] {
    return []
  }

  /** The name the email speaks for: the tenant's, else the national console's. */
  protected get siteName() {
    return this.tenant?.name ?? this.i18n.t('messages.admin.siteName')
  }

  protected t(key: string, data?: Record<string, unknown>) {
    return this.i18n.t(key, data)
  }

  /** Fills a message; usable wherever Adonis takes a compose callback. */
  compose = (message: Message) => {
    const { subject, text } = this.content()
    /* Named fields, not a spread: a Lucid model's columns are getters, which a spread loses. */
    const brand = {
      name: this.tenant?.name ?? 'Carevoice',
      theme: this.tenant?.theme,
      locale: this.i18n.locale,
    }
    message.to(this.to).subject(subject)
    brandedBody(message, brand, text)
    const from = mail.config.from
    const address = typeof from === 'string' ? from : from?.address
    if (address) message.from(address, brand.name)
    const unsubscribe = this.unsubscribeUrl()
    if (unsubscribe) message.listUnsubscribe(unsubscribe, { oneClick: true })
    for (const file of this.attachments())
      message.attachData(file.content, { filename: file.filename, contentType: file.contentType })
  }

  /** Queues the email (in `options.client`'s transaction when given). */
  queue(options: QueueMailOptions = {}) {
    return queueMail(this.compose, options)
  }
}
