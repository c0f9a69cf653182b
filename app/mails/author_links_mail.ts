/** Fresh private links to every story an address told on this site. */
import { AppMail, type MailTenant } from '#mails/app_mail'

export class AuthorLinksMail extends AppMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    private links: { title: string; url: string }[],
    private days: number
  ) {
    super(tenant, to, locale)
  }

  protected content() {
    return {
      subject: this.t('stories.author.linksMail.subject', { site: this.siteName }),
      text: this.t('stories.author.linksMail.body', {
        links: this.links.map((link) => `${link.title}\n${link.url}`).join('\n\n'),
        days: this.days,
      }),
    }
  }
}
