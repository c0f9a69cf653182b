/*
 * Public email subscriptions and Atom feeds, registered inside the tenant
 * site group of start/routes.ts.
 */
export function registerSubscriptionRoutes() {}
