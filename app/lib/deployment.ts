/**
 * Which deployment this process belongs to: one app and one PostgreSQL per
 * region (DEPLOYMENT_NAME, default `local`; DEPLOYMENT_REGION, optional).
 * Shown in the national console, in /health/ready, in every log line, and
 * written into tenant archives as their source.
 */
import env from '#start/env'

export type Deployment = { name: string; region: string | null }

export function deployment(): Deployment {
  const name = env.get('DEPLOYMENT_NAME')?.trim() || 'local'
  const region = env.get('DEPLOYMENT_REGION')?.trim() || null
  return { name, region }
}
