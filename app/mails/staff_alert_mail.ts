/** To a member of staff: a story about one of their services was published. */
import { AppMail, type MailTenant } from '#mails/app_mail'

export class StaffAlertMail extends AppMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    private story: {
      title: string
      services: string
      body: string
      storyUrl: string
      settingsUrl: string
    }
  ) {
    super(tenant, to, locale)
  }

  protected content() {
    return {
      subject: this.t('responses.alert.subject', { site: this.siteName, title: this.story.title }),
      text: this.t('responses.alert.body', {
        title: this.story.title,
        services: this.story.services,
        body: this.story.body,
        link: this.story.storyUrl,
        settings: this.story.settingsUrl,
      }),
    }
  }
}
