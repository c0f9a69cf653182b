/** Isolation coverage of the directory's routes; see route_isolation.ts. */
export const DIRECTORY_ROUTE_ISOLATION: Record<string, string> = {}
