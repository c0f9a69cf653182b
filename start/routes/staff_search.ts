/*
 * The staff story search, its exports and saved searches (alerts, reports,
 * dashboards). Registered inside the signed-in staff group of
 * start/routes.ts (under /staff, behind auth and staff).
 */
import router from '@adonisjs/core/services/router'

const StaffSearchController = () => import('#controllers/staff/staff_search_controller')
const SavedSearchesController = () => import('#controllers/staff/saved_searches_controller')

export function registerStaffSearchRoutes() {
  router.get('/search', [StaffSearchController, 'index']).as('search')
  router.get('/search/export.csv', [StaffSearchController, 'exportCsv']).as('search.export_csv')
  router.get('/search/export.xlsx', [StaffSearchController, 'exportXlsx']).as('search.export_xlsx')
  router.get('/saved-searches', [SavedSearchesController, 'index']).as('saved_searches')
  router.post('/saved-searches', [SavedSearchesController, 'store']).as('saved_searches.store')
  router.put('/saved-searches/:id', [SavedSearchesController, 'update']).as('saved_searches.update')
  router
    .delete('/saved-searches/:id', [SavedSearchesController, 'destroy'])
    .as('saved_searches.destroy')
  router
    .get('/saved-searches/:id/dashboard', [SavedSearchesController, 'dashboard'])
    .as('saved_searches.dashboard')
}
