/** Asked again for a subscription that is already confirmed: says so, and how to leave. */
import { SubscriberMail } from '#mails/subscriber_mail'

export class SubscriptionExistsMail extends SubscriberMail {
  protected content() {
    return {
      subject: this.t('subscriptions.mail.alreadySubject', { site: this.siteName }),
      text: this.t('subscriptions.mail.alreadyBody', {
        target: this.target,
        site: this.siteName,
        unsubscribe: this.links.unsubscribeUrl,
      }),
    }
  }
}
