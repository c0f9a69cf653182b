/** The daily digest: the stories published for a member of staff since the last one. */
import { AppMail, type MailTenant } from '#mails/app_mail'

export class StaffDigestMail extends AppMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    private stories: { title: string; url: string }[]
  ) {
    super(tenant, to, locale)
  }

  protected content() {
    const count = this.stories.length
    return {
      subject: this.t('responses.digest.subject', { site: this.siteName, count }),
      text: this.t('responses.digest.body', {
        count,
        stories: this.stories.map((story) => `${story.title}\n${story.url}`).join('\n\n'),
      }),
    }
  }
}
