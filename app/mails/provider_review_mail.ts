/**
 * To a private provider's responder: a story about their service was
 * approved and waits for their review until the window ends; after that it
 * publishes on its own unless they ask for a review.
 */
import { AppMail, type MailTenant } from '#mails/app_mail'

export class ProviderReviewMail extends AppMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    private story: { title: string; services: string; endsAt: string; reviewUrl: string }
  ) {
    super(tenant, to, locale)
  }

  protected content() {
    return {
      subject: this.t('review.mail.subject', {
        site: this.siteName,
        services: this.story.services,
      }),
      text: this.t('review.mail.body', {
        title: this.story.title,
        services: this.story.services,
        time: this.story.endsAt,
        link: this.story.reviewUrl,
        site: this.siteName,
      }),
    }
  }
}
