/** A moderator's question to a story's author, with their private link to answer it. */
import { AppMail, type MailTenant } from '#mails/app_mail'

export class AuthorQuestionMail extends AppMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    private story: { title: string; question: string; ownUrl: string }
  ) {
    super(tenant, to, locale)
  }

  protected content() {
    return {
      subject: this.t('moderation.mail.askSubject', { site: this.siteName }),
      text: this.t('moderation.mail.askBody', {
        title: this.story.title,
        question: this.story.question,
        site: this.siteName,
        own: this.story.ownUrl,
      }),
    }
  }
}
