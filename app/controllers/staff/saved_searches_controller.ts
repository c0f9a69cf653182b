import type { HttpContext } from '@adonisjs/core/http'
import { ALERT_MODES, REPORT_SCHEDULES } from '#models/saved_search'
import { refusalsGoTo } from '#exceptions/domain_error'
import { idParam } from '#lib/params'
import { formMessages } from '#validators/messages'
import { savedSearchUpdateValidator, savedSearchValidator } from '#validators/saved_search'
import { chartColour } from '#services/reading/charts'
import { searchQueryOf } from '#services/reading/story_search'
import {
  criteriaOf,
  deleteSavedSearch,
  ownSavedSearch,
  saveSearch,
  savedSearchesOf,
  updateSavedSearch,
} from '#services/searches/saved_searches'
import { dashboardCharts, dashboardFigures } from '#services/searches/search_dashboard'
import {
  noticeKey,
  prepareStaffSearch,
  staffCriteria,
  staffQueryString,
} from '#services/searches/staff_search'
import { searcherOf } from '#controllers/staff/staff_search_controller'

/** A member of staff's saved searches: save, list, change, delete, and each one's dashboard. */
export default class SavedSearchesController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.authorize('readInbox')
    const saved = await savedSearchesOf(ctx.auth.user!.id)
    return ctx.view.render('pages/staff/search/saved', {
      saved: saved.map((search) => ({
        search,
        query: staffQueryString(criteriaOf(search)),
      })),
      alertModes: ALERT_MODES,
      reportSchedules: REPORT_SCHEDULES,
    })
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.authorize('readInbox')
    const input = await ctx.request.validateUsing(savedSearchValidator, this.messages(ctx))
    const criteria = staffCriteria(searchQueryOf(input.query ?? ''))
    refusalsGoTo(ctx, `/staff/search?${staffQueryString(criteria)}`)
    await saveSearch(searcherOf(ctx), criteria, input)
    ctx.session.flash('success', ctx.i18n.t('searches.saved.created', { name: input.name }))
    return ctx.response.redirect('/staff/saved-searches')
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.authorize('readInbox')
    const input = await ctx.request.validateUsing(savedSearchUpdateValidator, this.messages(ctx))
    refusalsGoTo(ctx, '/staff/saved-searches')
    await updateSavedSearch(ctx.auth.user!.id, idParam(ctx.params), input)
    ctx.session.flash('success', ctx.i18n.t('searches.saved.updated', { name: input.name }))
    return ctx.response.redirect('/staff/saved-searches')
  }

  async destroy(ctx: HttpContext) {
    await ctx.bouncer.authorize('readInbox')
    const saved = await deleteSavedSearch(ctx.auth.user!.id, idParam(ctx.params))
    ctx.session.flash('success', ctx.i18n.t('searches.saved.deleted', { name: saved.name }))
    return ctx.response.redirect('/staff/saved-searches')
  }

  async dashboard(ctx: HttpContext) {
    await ctx.bouncer.authorize('readInbox')
    const saved = await ownSavedSearch(ctx.auth.user!.id, idParam(ctx.params))
    const criteria = criteriaOf(saved)
    const prepared = await prepareStaffSearch(searcherOf(ctx), criteria)
    const figures = await dashboardFigures(prepared)
    const colour = chartColour(ctx.tenant!.theme?.colours?.brand)
    return ctx.view.render('pages/staff/search/dashboard', {
      saved,
      figures,
      notices: prepared.notices.map(noticeKey),
      charts: dashboardCharts(figures, (key, data) => ctx.i18n.t(key, data), colour),
      searchUrl: `/staff/search?${staffQueryString(criteria)}`,
    })
  }

  private messages(ctx: HttpContext) {
    return { messagesProvider: formMessages(ctx.i18n, 'savedSearch') }
  }
}
