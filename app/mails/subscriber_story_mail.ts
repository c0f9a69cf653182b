/** A newly published story, by its public title and link, to one subscription. */
import { SubscriberMail } from '#mails/subscriber_mail'

export class SubscriberStoryMail extends SubscriberMail<{ title: string; url: string }> {
  protected content() {
    return {
      subject: this.t('subscriptions.mail.storySubject', {
        title: this.detail.title,
        site: this.siteName,
      }),
      text: this.t('subscriptions.mail.storyBody', {
        title: this.detail.title,
        target: this.target,
        site: this.siteName,
        link: this.detail.url,
        unsubscribe: this.links.unsubscribeUrl,
      }),
    }
  }
}
