/** To a member of staff: newly published stories match one of their saved searches (at once or daily). */
import { AppMail, type MailTenant } from '#mails/app_mail'

export class SavedSearchAlertMail extends AppMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    private alert: {
      searchName: string
      stories: { title: string; url: string }[]
      searchUrl: string
      settingsUrl: string
    }
  ) {
    super(tenant, to, locale)
  }

  protected content() {
    const count = this.alert.stories.length
    return {
      subject: this.t('searches.alertMail.subject', {
        site: this.siteName,
        name: this.alert.searchName,
        count,
      }),
      text: this.t('searches.alertMail.body', {
        name: this.alert.searchName,
        count,
        stories: this.alert.stories.map((story) => `${story.title}\n${story.url}`).join('\n\n'),
        search: this.alert.searchUrl,
        settings: this.alert.settingsUrl,
      }),
    }
  }
}
