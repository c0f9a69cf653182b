/** To an account's owner: someone is failing to sign in (at most once an hour). */
import { AppMail, type MailTenant } from '#mails/app_mail'

export class SignInNoticeMail extends AppMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    private notice: { name: string; time: string; resetUrl: string }
  ) {
    super(tenant, to, locale)
  }

  protected content() {
    return {
      subject: this.t('messages.signIn.noticeSubject', { site: this.siteName }),
      text: this.t('messages.signIn.noticeBody', {
        name: this.notice.name,
        site: this.siteName,
        time: this.notice.time,
        link: this.notice.resetUrl,
      }),
    }
  }
}
