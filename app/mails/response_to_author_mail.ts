/** To a story's author: a service responded, with the story's address and their private link. */
import { AppMail, type MailTenant } from '#mails/app_mail'

export class ResponseToAuthorMail extends AppMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    private story: { title: string; storyUrl: string; ownUrl: string }
  ) {
    super(tenant, to, locale)
  }

  protected content() {
    return {
      subject: this.t('responses.authorMail.subject', { site: this.siteName }),
      text: this.t('responses.authorMail.body', {
        title: this.story.title,
        link: this.story.storyUrl,
        own: this.story.ownUrl,
      }),
    }
  }
}
