/**
 * What every email to a public subscription shares: it names what the
 * subscription follows and carries the one-click unsubscribe link in its
 * text and in `List-Unsubscribe`. One class per email: the confirmation
 * link (subscription_confirm_mail), "you are already subscribed"
 * (subscription_exists_mail) and a newly published story
 * (subscriber_story_mail).
 */
import { AppMail, type MailTenant } from '#mails/app_mail'

export type SubscriberLinks = { unsubscribeUrl: string; oneClickUrl: string }

/** `Detail`: what one kind of email adds (the confirmation link, the story). */
export abstract class SubscriberMail<Detail = void> extends AppMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    protected links: SubscriberLinks,
    /** What the subscription follows, in a sentence of the subscriber's language. */
    protected target: string,
    protected detail: Detail
  ) {
    super(tenant, to, locale)
  }

  protected unsubscribeUrl() {
    return this.links.oneClickUrl
  }
}
