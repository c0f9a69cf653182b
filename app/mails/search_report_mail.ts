/** To a member of staff: the weekly or monthly report of a saved search, with CSV and XLSX files. */
import { AppMail, type MailAttachment, type MailTenant } from '#mails/app_mail'

export class SearchReportMail extends AppMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    private report: {
      searchName: string
      period: string
      summary: string
      dashboardUrl: string
      files: MailAttachment[]
    }
  ) {
    super(tenant, to, locale)
  }

  protected content() {
    return {
      subject: this.t('searches.reportMail.subject', {
        site: this.siteName,
        name: this.report.searchName,
        period: this.report.period,
      }),
      text: this.t('searches.reportMail.body', {
        name: this.report.searchName,
        period: this.report.period,
        summary: this.report.summary,
        dashboard: this.report.dashboardUrl,
      }),
    }
  }

  protected attachments() {
    return this.report.files
  }
}
