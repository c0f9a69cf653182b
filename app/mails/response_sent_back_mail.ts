/** To the writer of a response: a moderator sent it back with a note, to revise and send again. */
import { AppMail, type MailTenant } from '#mails/app_mail'

export class ResponseSentBackMail extends AppMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    private check: { title: string; note: string; url: string }
  ) {
    super(tenant, to, locale)
  }

  protected content() {
    return {
      subject: this.t('checked.mail.sentBackSubject', { site: this.siteName }),
      text: this.t('checked.mail.sentBackBody', {
        title: this.check.title,
        note: this.check.note,
        link: this.check.url,
      }),
    }
  }
}
