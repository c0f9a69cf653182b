/**
 * Emails to the public's subscriptions: the confirmation link, "you are
 * already subscribed", and a newly published story. Each carries the
 * one-click unsubscribe link in its text and in `List-Unsubscribe`.
 */
import { AppMail, type MailTenant } from '#mails/app_mail'

type Links = { unsubscribeUrl: string; oneClickUrl: string }

abstract class SubscriberMail extends AppMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    protected links: Links,
    /** What the subscription follows, in a sentence of the subscriber's language. */
    protected target: string
  ) {
    super(tenant, to, locale)
  }

  protected unsubscribeUrl() {
    return this.links.oneClickUrl
  }
}

export class SubscriptionConfirmMail extends SubscriberMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    links: Links,
    target: string,
    private confirmUrl: string
  ) {
    super(tenant, to, locale, links, target)
  }

  protected content() {
    return {
      subject: this.t('subscriptions.mail.confirmSubject', { site: this.siteName }),
      text: this.t('subscriptions.mail.confirmBody', {
        target: this.target,
        site: this.siteName,
        link: this.confirmUrl,
        unsubscribe: this.links.unsubscribeUrl,
      }),
    }
  }
}

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

export class SubscriberStoryMail extends SubscriberMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    links: Links,
    target: string,
    private story: { title: string; url: string }
  ) {
    super(tenant, to, locale, links, target)
  }

  protected content() {
    return {
      subject: this.t('subscriptions.mail.storySubject', {
        title: this.story.title,
        site: this.siteName,
      }),
      text: this.t('subscriptions.mail.storyBody', {
        title: this.story.title,
        target: this.target,
        site: this.siteName,
        link: this.story.url,
        unsubscribe: this.links.unsubscribeUrl,
      }),
    }
  }
}
