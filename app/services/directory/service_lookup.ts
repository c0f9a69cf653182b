/**
 * The one way a service typed into a staff form (queue and inbox filters,
 * "follow", "add a service") is found: by its reference or web address name
 * (what the service picker fills in), or else by its name as people type it
 * ("ward 6 victoria"), when exactly one service matches. Ambiguous or unknown
 * text finds nothing, so the form says so rather than guessing. Merged
 * services are never found.
 */
import Service, { SERVICE_STATUS } from '#models/service'
import { searchServices } from '#services/directory/directory_queries'

export async function findServiceByReference(text: string): Promise<Service | null> {
  const typed = text.trim().slice(0, 140)
  if (!typed) return null
  const exact = await Service.query()
    .where((query) => query.where('ref', typed).orWhere('slug', typed))
    .whereNot('status', SERVICE_STATUS.merged)
    .first()
  if (exact) return exact
  const named = await Service.query()
    .whereRaw('lower(name) = ?', [typed.toLowerCase()])
    .whereNot('status', SERVICE_STATUS.merged)
    .limit(2)
  if (named.length === 1) return named[0]
  if (named.length > 1) return null
  const suggested = await searchServices(typed, 3)
  const found = suggested.filter((service) => !service.isMerged)
  return found.length === 1 ? found[0] : null
}
