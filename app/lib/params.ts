/**
 * A route parameter as a row id: a whole number of up to 15 digits, else 0
 * (which matches no row, so the page answers 404 rather than a database
 * error on "1.5" or "1e3").
 */
export function idParam(params: Record<string, unknown>, name = 'id') {
  const raw = String(params[name] ?? '')
  return /^\d{1,15}$/.test(raw) ? Number(raw) : 0
}
