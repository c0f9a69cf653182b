/** A password reset link, valid an hour, on the host where it was asked for. */
import { AppMail, type MailTenant } from '#mails/app_mail'

export class PasswordResetMail extends AppMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    private reset: { name: string; url: string }
  ) {
    super(tenant, to, locale)
  }

  protected content() {
    return {
      subject: this.t('messages.passwordReset.mailSubject', { site: this.siteName }),
      text: this.t('messages.passwordReset.mailBody', {
        name: this.reset.name,
        link: this.reset.url,
        site: this.siteName,
      }),
    }
  }
}
