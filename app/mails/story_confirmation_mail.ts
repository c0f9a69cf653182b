/** To someone who just told a story: the single-use link that confirms it. */
import { AppMail, type MailTenant } from '#mails/app_mail'

export class StoryConfirmationMail extends AppMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    private story: { title: string; confirmUrl: string }
  ) {
    super(tenant, to, locale)
  }

  protected content() {
    return {
      subject: this.t('stories.confirmMail.subject', { site: this.siteName }),
      text: this.t('stories.confirmMail.body', {
        title: this.story.title,
        link: this.story.confirmUrl,
        site: this.siteName,
      }),
    }
  }
}
