/** To the writer of a response: a moderator published it with an edit, and says why. */
import { AppMail, type MailTenant } from '#mails/app_mail'

export class ResponseEditedMail extends AppMail {
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
      subject: this.t('checked.mail.editedSubject', { site: this.siteName }),
      text: this.t('checked.mail.editedBody', {
        title: this.check.title,
        note: this.check.note,
        link: this.check.url,
      }),
    }
  }
}
