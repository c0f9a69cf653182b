/** Isolation coverage of subscription and feed routes; see route_isolation.ts. */
export const SUBSCRIPTION_ROUTE_ISOLATION: Record<string, string> = {}
