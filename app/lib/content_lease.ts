/**
 * How long after its query began a tenant's content-version read may still
 * answer a new request (#services/reading/content_version), and so how long
 * a change waits before it is confirmed: by a write request's answer
 * (#middleware/content_settle_middleware) or an ace command's exit
 * (bin/console.ts).
 */
export const CONTENT_VERSION_LEASE_MS = 25
