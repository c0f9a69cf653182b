/** The link that confirms a new subscription (double opt-in). */
import { SubscriberMail } from '#mails/subscriber_mail'

export class SubscriptionConfirmMail extends SubscriberMail<string> {
  protected content() {
    return {
      subject: this.t('subscriptions.mail.confirmSubject', { site: this.siteName }),
      text: this.t('subscriptions.mail.confirmBody', {
        target: this.target,
        site: this.siteName,
        link: this.detail,
        unsubscribe: this.links.unsubscribeUrl,
      }),
    }
  }
}
