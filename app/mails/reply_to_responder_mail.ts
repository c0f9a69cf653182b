/** To the writer of a response: the story's author replied to it (once published). */
import { AppMail, type MailTenant } from '#mails/app_mail'

export class ReplyToResponderMail extends AppMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    private reply: { title: string; text: string; url: string }
  ) {
    super(tenant, to, locale)
  }

  protected content() {
    return {
      subject: this.t('responses.replyMail.subject', { site: this.siteName }),
      text: this.t('responses.replyMail.body', {
        title: this.reply.title,
        reply: this.reply.text,
        link: this.reply.url,
      }),
    }
  }
}
