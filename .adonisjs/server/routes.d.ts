import '@adonisjs/core/types/http'

type ParamValue = string | number | bigint | boolean

export type ScannedRoutes = {
  ALL: {
    'public.home': { paramsTuple?: []; params?: {} }
    'public.theme': { paramsTuple?: []; params?: {} }
    'public.logo': { paramsTuple: [ParamValue]; params: {'file': ParamValue} }
    'public.language': { paramsTuple?: []; params?: {} }
    'public.stories.search': { paramsTuple?: []; params?: {} }
    'public.stories.search_feed': { paramsTuple?: []; params?: {} }
    'public.search': { paramsTuple?: []; params?: {} }
    'public.stories.experienced': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.figures': { paramsTuple?: []; params?: {} }
    'public.figures.csv': { paramsTuple?: []; params?: {} }
    'public.services.figures': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.services.figures_csv': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.areas.figures': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.areas.figures_csv': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.robots': { paramsTuple?: []; params?: {} }
    'public.sitemap': { paramsTuple?: []; params?: {} }
    'public.sitemap.page': { paramsTuple: [ParamValue]; params: {'page': ParamValue} }
    'public.favicon': { paramsTuple?: []; params?: {} }
    'public.icon.svg': { paramsTuple?: []; params?: {} }
    'public.icon.touch': { paramsTuple?: []; params?: {} }
    'public.manifest': { paramsTuple?: []; params?: {} }
    'public.areas.index': { paramsTuple?: []; params?: {} }
    'public.areas.show': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.services.index': { paramsTuple?: []; params?: {} }
    'public.services.search': { paramsTuple?: []; params?: {} }
    'public.services.search_json': { paramsTuple?: []; params?: {} }
    'public.services.show': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.tags.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.tell': { paramsTuple?: []; params?: {} }
    'public.tell.story': { paramsTuple?: []; params?: {} }
    'public.tell.preview': { paramsTuple?: []; params?: {} }
    'public.tell.store': { paramsTuple?: []; params?: {} }
    'public.stories.confirm': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.stories.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.stories.report': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.author.request': { paramsTuple?: []; params?: {} }
    'public.author.request.send': { paramsTuple?: []; params?: {} }
    'public.author.show': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.author.answer': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.author.disagree': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.author.withdraw': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.author.erase': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.author.erase.store': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.author.data': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.author.reply': { paramsTuple: [ParamValue,ParamValue]; params: {'token': ParamValue,'id': ParamValue} }
    'public.invitations.start': { paramsTuple: [ParamValue]; params: {'code': ParamValue} }
    'public.subscriptions.new': { paramsTuple?: []; params?: {} }
    'public.subscriptions.store': { paramsTuple?: []; params?: {} }
    'public.subscriptions.confirm': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.subscriptions.unsubscribe': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.subscriptions.destroy': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.subscriptions.one_click': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.subscriptions.one_click_page': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.feeds.tenant': { paramsTuple?: []; params?: {} }
    'public.feeds.service': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.feeds.area': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.feeds.tag': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.api.docs': { paramsTuple?: []; params?: {} }
    'public.api.openapi': { paramsTuple?: []; params?: {} }
    'public.api.stories.index': { paramsTuple?: []; params?: {} }
    'public.api.stories.removed': { paramsTuple?: []; params?: {} }
    'public.api.stories.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.api.stories.store': { paramsTuple?: []; params?: {} }
    'public.api.responses.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.api.services.index': { paramsTuple?: []; params?: {} }
    'public.api.services.show': { paramsTuple: [ParamValue]; params: {'ref': ParamValue} }
    'public.api.areas.index': { paramsTuple?: []; params?: {} }
    'public.api.tags.index': { paramsTuple?: []; params?: {} }
    'public.api.figures': { paramsTuple?: []; params?: {} }
    'public.api.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'public.staff.sign_in': { paramsTuple?: []; params?: {} }
    'public.staff.sign_in.store': { paramsTuple?: []; params?: {} }
    'public.staff.sign_in.two_factor': { paramsTuple?: []; params?: {} }
    'public.staff.sign_in.verify': { paramsTuple?: []; params?: {} }
    'public.staff.sign_out': { paramsTuple?: []; params?: {} }
    'public.staff.password.forgot': { paramsTuple?: []; params?: {} }
    'public.staff.password.send': { paramsTuple?: []; params?: {} }
    'public.staff.password.reset': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.staff.password.update': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.staff.invitations.show': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.staff.invitations.accept': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.staff.two_factor': { paramsTuple?: []; params?: {} }
    'public.staff.two_factor.store': { paramsTuple?: []; params?: {} }
    'public.staff.home': { paramsTuple?: []; params?: {} }
    'public.staff.account': { paramsTuple?: []; params?: {} }
    'public.staff.account.update': { paramsTuple?: []; params?: {} }
    'public.staff.account.sessions.destroy_all': { paramsTuple?: []; params?: {} }
    'public.staff.account.sessions.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.members': { paramsTuple?: []; params?: {} }
    'public.staff.invitations.store': { paramsTuple?: []; params?: {} }
    'public.staff.members.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.members.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.audit': { paramsTuple?: []; params?: {} }
    'public.staff.privacy': { paramsTuple?: []; params?: {} }
    'public.staff.privacy.erase': { paramsTuple?: []; params?: {} }
    'public.staff.privacy.access': { paramsTuple?: []; params?: {} }
    'public.staff.moderation': { paramsTuple?: []; params?: {} }
    'public.staff.story_entry': { paramsTuple?: []; params?: {} }
    'public.staff.story_entry.store': { paramsTuple?: []; params?: {} }
    'public.staff.invitation_links': { paramsTuple?: []; params?: {} }
    'public.staff.invitation_links.store': { paramsTuple?: []; params?: {} }
    'public.staff.invitation_links.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.provider_review': { paramsTuple?: []; params?: {} }
    'public.staff.provider_review.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.provider_review.request': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.settings.provider_review': { paramsTuple?: []; params?: {} }
    'public.staff.response_checks': { paramsTuple?: []; params?: {} }
    'public.staff.response_checks.decide': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.response_checks.resubmit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.responders': { paramsTuple?: []; params?: {} }
    'public.staff.responders.fast_track': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.responders.fast_track.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.api_keys': { paramsTuple?: []; params?: {} }
    'public.staff.api_keys.store': { paramsTuple?: []; params?: {} }
    'public.staff.api_keys.rotate': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.api_keys.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.search': { paramsTuple?: []; params?: {} }
    'public.staff.search.export_csv': { paramsTuple?: []; params?: {} }
    'public.staff.search.export_xlsx': { paramsTuple?: []; params?: {} }
    'public.staff.saved_searches': { paramsTuple?: []; params?: {} }
    'public.staff.saved_searches.store': { paramsTuple?: []; params?: {} }
    'public.staff.saved_searches.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.saved_searches.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.saved_searches.dashboard': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.checks': { paramsTuple?: []; params?: {} }
    'public.staff.moderation.check_change': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.reply': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.inbox': { paramsTuple?: []; params?: {} }
    'public.staff.stories.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.responses.preview': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.responses.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.responses.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.responses.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.account.alerts': { paramsTuple?: []; params?: {} }
    'public.staff.account.watches.store': { paramsTuple?: []; params?: {} }
    'public.staff.account.watches.destroy': { paramsTuple: [ParamValue]; params: {'serviceId': ParamValue} }
    'public.staff.moderation.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.claim': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.reject': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.ask': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.escalate': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.hide': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.dismiss_reports': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.settings': { paramsTuple?: []; params?: {} }
    'public.staff.settings.update': { paramsTuple?: []; params?: {} }
    'public.staff.settings.logo': { paramsTuple?: []; params?: {} }
    'public.staff.settings.logo.destroy': { paramsTuple?: []; params?: {} }
    'public.staff.settings.moderation': { paramsTuple?: []; params?: {} }
    'public.staff.settings.tags.store': { paramsTuple?: []; params?: {} }
    'public.staff.settings.tags.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.settings.tags.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.settings.reasons.store': { paramsTuple?: []; params?: {} }
    'public.staff.settings.reasons.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.settings.reasons.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.settings.retention': { paramsTuple?: []; params?: {} }
    'public.staff.settings.safeguarding': { paramsTuple?: []; params?: {} }
    'public.staff.directory': { paramsTuple?: []; params?: {} }
    'public.staff.directory.new': { paramsTuple?: []; params?: {} }
    'public.staff.directory.store': { paramsTuple?: []; params?: {} }
    'public.staff.directory.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.directory.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.directory.close': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.directory.reopen': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.directory.merge': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.directory.areas': { paramsTuple?: []; params?: {} }
    'public.staff.directory.areas.store': { paramsTuple?: []; params?: {} }
    'public.staff.directory.areas.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.directory.import': { paramsTuple?: []; params?: {} }
    'public.staff.directory.import.store': { paramsTuple?: []; params?: {} }
    'public.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'admin.sign_in': { paramsTuple?: []; params?: {} }
    'admin.sign_in.store': { paramsTuple?: []; params?: {} }
    'admin.sign_in.two_factor': { paramsTuple?: []; params?: {} }
    'admin.sign_in.verify': { paramsTuple?: []; params?: {} }
    'admin.sign_out': { paramsTuple?: []; params?: {} }
    'admin.password.forgot': { paramsTuple?: []; params?: {} }
    'admin.password.send': { paramsTuple?: []; params?: {} }
    'admin.password.reset': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'admin.password.update': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'admin.language': { paramsTuple?: []; params?: {} }
    'admin.two_factor': { paramsTuple?: []; params?: {} }
    'admin.two_factor.store': { paramsTuple?: []; params?: {} }
    'admin.tenants.index': { paramsTuple?: []; params?: {} }
    'admin.tenants.create': { paramsTuple?: []; params?: {} }
    'admin.tenants.store': { paramsTuple?: []; params?: {} }
    'admin.tenants.edit': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.update': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.suspend': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.resume': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.domains.store': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.domains.primary': { paramsTuple: [ParamValue,ParamValue]; params: {'slug': ParamValue,'hostname': ParamValue} }
    'admin.domains.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'slug': ParamValue,'hostname': ParamValue} }
    'admin.audit': { paramsTuple?: []; params?: {} }
    'admin.privacy': { paramsTuple?: []; params?: {} }
    'admin.privacy.erase': { paramsTuple?: []; params?: {} }
    'admin.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
  }
  GET: {
    'public.home': { paramsTuple?: []; params?: {} }
    'public.theme': { paramsTuple?: []; params?: {} }
    'public.logo': { paramsTuple: [ParamValue]; params: {'file': ParamValue} }
    'public.stories.search': { paramsTuple?: []; params?: {} }
    'public.stories.search_feed': { paramsTuple?: []; params?: {} }
    'public.search': { paramsTuple?: []; params?: {} }
    'public.figures': { paramsTuple?: []; params?: {} }
    'public.figures.csv': { paramsTuple?: []; params?: {} }
    'public.services.figures': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.services.figures_csv': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.areas.figures': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.areas.figures_csv': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.robots': { paramsTuple?: []; params?: {} }
    'public.sitemap': { paramsTuple?: []; params?: {} }
    'public.sitemap.page': { paramsTuple: [ParamValue]; params: {'page': ParamValue} }
    'public.favicon': { paramsTuple?: []; params?: {} }
    'public.icon.svg': { paramsTuple?: []; params?: {} }
    'public.icon.touch': { paramsTuple?: []; params?: {} }
    'public.manifest': { paramsTuple?: []; params?: {} }
    'public.areas.index': { paramsTuple?: []; params?: {} }
    'public.areas.show': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.services.index': { paramsTuple?: []; params?: {} }
    'public.services.search': { paramsTuple?: []; params?: {} }
    'public.services.search_json': { paramsTuple?: []; params?: {} }
    'public.services.show': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.tags.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.tell': { paramsTuple?: []; params?: {} }
    'public.tell.story': { paramsTuple?: []; params?: {} }
    'public.stories.confirm': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.stories.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.author.request': { paramsTuple?: []; params?: {} }
    'public.author.show': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.author.erase': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.author.data': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.invitations.start': { paramsTuple: [ParamValue]; params: {'code': ParamValue} }
    'public.subscriptions.new': { paramsTuple?: []; params?: {} }
    'public.subscriptions.confirm': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.subscriptions.unsubscribe': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.subscriptions.one_click_page': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.feeds.tenant': { paramsTuple?: []; params?: {} }
    'public.feeds.service': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.feeds.area': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.feeds.tag': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.api.docs': { paramsTuple?: []; params?: {} }
    'public.api.openapi': { paramsTuple?: []; params?: {} }
    'public.api.stories.index': { paramsTuple?: []; params?: {} }
    'public.api.stories.removed': { paramsTuple?: []; params?: {} }
    'public.api.stories.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.api.services.index': { paramsTuple?: []; params?: {} }
    'public.api.services.show': { paramsTuple: [ParamValue]; params: {'ref': ParamValue} }
    'public.api.areas.index': { paramsTuple?: []; params?: {} }
    'public.api.tags.index': { paramsTuple?: []; params?: {} }
    'public.api.figures': { paramsTuple?: []; params?: {} }
    'public.api.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'public.staff.sign_in': { paramsTuple?: []; params?: {} }
    'public.staff.sign_in.two_factor': { paramsTuple?: []; params?: {} }
    'public.staff.password.forgot': { paramsTuple?: []; params?: {} }
    'public.staff.password.reset': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.staff.invitations.show': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.staff.two_factor': { paramsTuple?: []; params?: {} }
    'public.staff.home': { paramsTuple?: []; params?: {} }
    'public.staff.account': { paramsTuple?: []; params?: {} }
    'public.staff.members': { paramsTuple?: []; params?: {} }
    'public.staff.audit': { paramsTuple?: []; params?: {} }
    'public.staff.privacy': { paramsTuple?: []; params?: {} }
    'public.staff.moderation': { paramsTuple?: []; params?: {} }
    'public.staff.story_entry': { paramsTuple?: []; params?: {} }
    'public.staff.invitation_links': { paramsTuple?: []; params?: {} }
    'public.staff.invitation_links.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.provider_review': { paramsTuple?: []; params?: {} }
    'public.staff.provider_review.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.response_checks': { paramsTuple?: []; params?: {} }
    'public.staff.responders': { paramsTuple?: []; params?: {} }
    'public.staff.api_keys': { paramsTuple?: []; params?: {} }
    'public.staff.search': { paramsTuple?: []; params?: {} }
    'public.staff.search.export_csv': { paramsTuple?: []; params?: {} }
    'public.staff.search.export_xlsx': { paramsTuple?: []; params?: {} }
    'public.staff.saved_searches': { paramsTuple?: []; params?: {} }
    'public.staff.saved_searches.dashboard': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.checks': { paramsTuple?: []; params?: {} }
    'public.staff.inbox': { paramsTuple?: []; params?: {} }
    'public.staff.stories.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.settings': { paramsTuple?: []; params?: {} }
    'public.staff.settings.moderation': { paramsTuple?: []; params?: {} }
    'public.staff.directory': { paramsTuple?: []; params?: {} }
    'public.staff.directory.new': { paramsTuple?: []; params?: {} }
    'public.staff.directory.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.directory.areas': { paramsTuple?: []; params?: {} }
    'public.staff.directory.import': { paramsTuple?: []; params?: {} }
    'public.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'admin.sign_in': { paramsTuple?: []; params?: {} }
    'admin.sign_in.two_factor': { paramsTuple?: []; params?: {} }
    'admin.password.forgot': { paramsTuple?: []; params?: {} }
    'admin.password.reset': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'admin.two_factor': { paramsTuple?: []; params?: {} }
    'admin.tenants.index': { paramsTuple?: []; params?: {} }
    'admin.tenants.create': { paramsTuple?: []; params?: {} }
    'admin.tenants.edit': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.audit': { paramsTuple?: []; params?: {} }
    'admin.privacy': { paramsTuple?: []; params?: {} }
    'admin.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
  }
  HEAD: {
    'public.home': { paramsTuple?: []; params?: {} }
    'public.theme': { paramsTuple?: []; params?: {} }
    'public.logo': { paramsTuple: [ParamValue]; params: {'file': ParamValue} }
    'public.stories.search': { paramsTuple?: []; params?: {} }
    'public.stories.search_feed': { paramsTuple?: []; params?: {} }
    'public.search': { paramsTuple?: []; params?: {} }
    'public.figures': { paramsTuple?: []; params?: {} }
    'public.figures.csv': { paramsTuple?: []; params?: {} }
    'public.services.figures': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.services.figures_csv': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.areas.figures': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.areas.figures_csv': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.robots': { paramsTuple?: []; params?: {} }
    'public.sitemap': { paramsTuple?: []; params?: {} }
    'public.sitemap.page': { paramsTuple: [ParamValue]; params: {'page': ParamValue} }
    'public.favicon': { paramsTuple?: []; params?: {} }
    'public.icon.svg': { paramsTuple?: []; params?: {} }
    'public.icon.touch': { paramsTuple?: []; params?: {} }
    'public.manifest': { paramsTuple?: []; params?: {} }
    'public.areas.index': { paramsTuple?: []; params?: {} }
    'public.areas.show': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.services.index': { paramsTuple?: []; params?: {} }
    'public.services.search': { paramsTuple?: []; params?: {} }
    'public.services.search_json': { paramsTuple?: []; params?: {} }
    'public.services.show': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.tags.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.tell': { paramsTuple?: []; params?: {} }
    'public.tell.story': { paramsTuple?: []; params?: {} }
    'public.stories.confirm': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.stories.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.author.request': { paramsTuple?: []; params?: {} }
    'public.author.show': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.author.erase': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.author.data': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.invitations.start': { paramsTuple: [ParamValue]; params: {'code': ParamValue} }
    'public.subscriptions.new': { paramsTuple?: []; params?: {} }
    'public.subscriptions.confirm': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.subscriptions.unsubscribe': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.subscriptions.one_click_page': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.feeds.tenant': { paramsTuple?: []; params?: {} }
    'public.feeds.service': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.feeds.area': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'public.feeds.tag': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.api.docs': { paramsTuple?: []; params?: {} }
    'public.api.openapi': { paramsTuple?: []; params?: {} }
    'public.api.stories.index': { paramsTuple?: []; params?: {} }
    'public.api.stories.removed': { paramsTuple?: []; params?: {} }
    'public.api.stories.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.api.services.index': { paramsTuple?: []; params?: {} }
    'public.api.services.show': { paramsTuple: [ParamValue]; params: {'ref': ParamValue} }
    'public.api.areas.index': { paramsTuple?: []; params?: {} }
    'public.api.tags.index': { paramsTuple?: []; params?: {} }
    'public.api.figures': { paramsTuple?: []; params?: {} }
    'public.api.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'public.staff.sign_in': { paramsTuple?: []; params?: {} }
    'public.staff.sign_in.two_factor': { paramsTuple?: []; params?: {} }
    'public.staff.password.forgot': { paramsTuple?: []; params?: {} }
    'public.staff.password.reset': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.staff.invitations.show': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.staff.two_factor': { paramsTuple?: []; params?: {} }
    'public.staff.home': { paramsTuple?: []; params?: {} }
    'public.staff.account': { paramsTuple?: []; params?: {} }
    'public.staff.members': { paramsTuple?: []; params?: {} }
    'public.staff.audit': { paramsTuple?: []; params?: {} }
    'public.staff.privacy': { paramsTuple?: []; params?: {} }
    'public.staff.moderation': { paramsTuple?: []; params?: {} }
    'public.staff.story_entry': { paramsTuple?: []; params?: {} }
    'public.staff.invitation_links': { paramsTuple?: []; params?: {} }
    'public.staff.invitation_links.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.provider_review': { paramsTuple?: []; params?: {} }
    'public.staff.provider_review.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.response_checks': { paramsTuple?: []; params?: {} }
    'public.staff.responders': { paramsTuple?: []; params?: {} }
    'public.staff.api_keys': { paramsTuple?: []; params?: {} }
    'public.staff.search': { paramsTuple?: []; params?: {} }
    'public.staff.search.export_csv': { paramsTuple?: []; params?: {} }
    'public.staff.search.export_xlsx': { paramsTuple?: []; params?: {} }
    'public.staff.saved_searches': { paramsTuple?: []; params?: {} }
    'public.staff.saved_searches.dashboard': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.checks': { paramsTuple?: []; params?: {} }
    'public.staff.inbox': { paramsTuple?: []; params?: {} }
    'public.staff.stories.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.show': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.settings': { paramsTuple?: []; params?: {} }
    'public.staff.settings.moderation': { paramsTuple?: []; params?: {} }
    'public.staff.directory': { paramsTuple?: []; params?: {} }
    'public.staff.directory.new': { paramsTuple?: []; params?: {} }
    'public.staff.directory.edit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.directory.areas': { paramsTuple?: []; params?: {} }
    'public.staff.directory.import': { paramsTuple?: []; params?: {} }
    'public.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'admin.sign_in': { paramsTuple?: []; params?: {} }
    'admin.sign_in.two_factor': { paramsTuple?: []; params?: {} }
    'admin.password.forgot': { paramsTuple?: []; params?: {} }
    'admin.password.reset': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'admin.two_factor': { paramsTuple?: []; params?: {} }
    'admin.tenants.index': { paramsTuple?: []; params?: {} }
    'admin.tenants.create': { paramsTuple?: []; params?: {} }
    'admin.tenants.edit': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.audit': { paramsTuple?: []; params?: {} }
    'admin.privacy': { paramsTuple?: []; params?: {} }
    'admin.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
  }
  POST: {
    'public.language': { paramsTuple?: []; params?: {} }
    'public.stories.experienced': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.tell.preview': { paramsTuple?: []; params?: {} }
    'public.tell.store': { paramsTuple?: []; params?: {} }
    'public.stories.report': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.author.request.send': { paramsTuple?: []; params?: {} }
    'public.author.answer': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.author.disagree': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.author.withdraw': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.author.erase.store': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.author.reply': { paramsTuple: [ParamValue,ParamValue]; params: {'token': ParamValue,'id': ParamValue} }
    'public.subscriptions.store': { paramsTuple?: []; params?: {} }
    'public.subscriptions.destroy': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.subscriptions.one_click': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.api.stories.store': { paramsTuple?: []; params?: {} }
    'public.api.responses.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.api.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'public.staff.sign_in.store': { paramsTuple?: []; params?: {} }
    'public.staff.sign_in.verify': { paramsTuple?: []; params?: {} }
    'public.staff.sign_out': { paramsTuple?: []; params?: {} }
    'public.staff.password.send': { paramsTuple?: []; params?: {} }
    'public.staff.password.update': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.staff.two_factor.store': { paramsTuple?: []; params?: {} }
    'public.staff.invitations.store': { paramsTuple?: []; params?: {} }
    'public.staff.privacy.erase': { paramsTuple?: []; params?: {} }
    'public.staff.privacy.access': { paramsTuple?: []; params?: {} }
    'public.staff.story_entry.store': { paramsTuple?: []; params?: {} }
    'public.staff.invitation_links.store': { paramsTuple?: []; params?: {} }
    'public.staff.provider_review.request': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.response_checks.decide': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.responders.fast_track': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.api_keys.store': { paramsTuple?: []; params?: {} }
    'public.staff.api_keys.rotate': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.saved_searches.store': { paramsTuple?: []; params?: {} }
    'public.staff.moderation.check_change': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.reply': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.responses.preview': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.responses.store': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.account.watches.store': { paramsTuple?: []; params?: {} }
    'public.staff.moderation.claim': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.reject': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.ask': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.escalate': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.hide': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.moderation.dismiss_reports': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.settings.logo': { paramsTuple?: []; params?: {} }
    'public.staff.settings.tags.store': { paramsTuple?: []; params?: {} }
    'public.staff.settings.reasons.store': { paramsTuple?: []; params?: {} }
    'public.staff.directory.store': { paramsTuple?: []; params?: {} }
    'public.staff.directory.close': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.directory.reopen': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.directory.merge': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.directory.areas.store': { paramsTuple?: []; params?: {} }
    'public.staff.directory.import.store': { paramsTuple?: []; params?: {} }
    'admin.sign_in.store': { paramsTuple?: []; params?: {} }
    'admin.sign_in.verify': { paramsTuple?: []; params?: {} }
    'admin.sign_out': { paramsTuple?: []; params?: {} }
    'admin.password.send': { paramsTuple?: []; params?: {} }
    'admin.password.update': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'admin.language': { paramsTuple?: []; params?: {} }
    'admin.two_factor.store': { paramsTuple?: []; params?: {} }
    'admin.tenants.store': { paramsTuple?: []; params?: {} }
    'admin.tenants.suspend': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.tenants.resume': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.domains.store': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
    'admin.domains.primary': { paramsTuple: [ParamValue,ParamValue]; params: {'slug': ParamValue,'hostname': ParamValue} }
    'admin.privacy.erase': { paramsTuple?: []; params?: {} }
  }
  PUT: {
    'public.api.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'public.staff.invitations.accept': { paramsTuple: [ParamValue]; params: {'token': ParamValue} }
    'public.staff.account.update': { paramsTuple?: []; params?: {} }
    'public.staff.members.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.settings.provider_review': { paramsTuple?: []; params?: {} }
    'public.staff.response_checks.resubmit': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.saved_searches.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.responses.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.account.alerts': { paramsTuple?: []; params?: {} }
    'public.staff.moderation.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.settings.update': { paramsTuple?: []; params?: {} }
    'public.staff.settings.tags.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.settings.reasons.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.settings.retention': { paramsTuple?: []; params?: {} }
    'public.staff.settings.safeguarding': { paramsTuple?: []; params?: {} }
    'public.staff.directory.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.directory.areas.update': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.tenants.update': { paramsTuple: [ParamValue]; params: {'slug': ParamValue} }
  }
  PATCH: {
    'public.api.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
  }
  DELETE: {
    'public.api.not_found': { paramsTuple: [...ParamValue[]]; params: {'*': ParamValue[]} }
    'public.staff.account.sessions.destroy_all': { paramsTuple?: []; params?: {} }
    'public.staff.account.sessions.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.members.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.responders.fast_track.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.api_keys.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.saved_searches.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.responses.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.account.watches.destroy': { paramsTuple: [ParamValue]; params: {'serviceId': ParamValue} }
    'public.staff.settings.logo.destroy': { paramsTuple?: []; params?: {} }
    'public.staff.settings.tags.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'public.staff.settings.reasons.destroy': { paramsTuple: [ParamValue]; params: {'id': ParamValue} }
    'admin.domains.destroy': { paramsTuple: [ParamValue,ParamValue]; params: {'slug': ParamValue,'hostname': ParamValue} }
  }
}
declare module '@adonisjs/core/types/http' {
  export interface RoutesList extends ScannedRoutes {}
}