/**
 * Edge lists the component files of every mounted views folder (a
 * recursive readdir, then a stat and a camel-cased tag name per file) each
 * time a renderer is made, that is on every request, unless the Edge
 * instance was created with caching on. The framework creates it without
 * and turns caching on afterwards, which leaves the listing in place: a
 * sixth of a routed request's time in production.
 *
 * `listComponentsOnce` makes the loader list them once, on first use (after
 * every folder is mounted at boot). Only for production, where templates
 * are compiled once too: in development a new component still appears
 * without a restart.
 */
type ComponentLoader = { listComponents(): unknown }

export function listComponentsOnce(loader: ComponentLoader) {
  const list = loader.listComponents.bind(loader)
  let listed: unknown
  let done = false
  loader.listComponents = () => {
    if (!done) {
      listed = list()
      done = true
    }
    return listed
  }
}
