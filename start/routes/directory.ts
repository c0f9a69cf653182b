/*
 * Public routes of the service directory (browse by area, service pages,
 * A–Z, search), registered inside the tenant site group of start/routes.ts.
 */
export function registerDirectoryRoutes() {}
