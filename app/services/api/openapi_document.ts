/**
 * The OpenAPI 3.1 document of /api/v1, built from the same JSON Schemas
 * the API's answers are tested against (#transformers/api_schemas), and
 * the content of the human documentation page at /api, drawn from it.
 * The document is the same for every tenant apart from its server URL and
 * title; it holds no tenant data.
 */
import { API_SCHEMAS } from '#transformers/api_schemas'
import { PROBLEM_TYPES, problemTypeUri } from '#exceptions/api_problems'
import { ratePolicies } from '#services/api/rate_limits'
import { API_SCOPES } from '#models/api_key'
import { DEFAULT_LIMIT, MAX_LIMIT } from '#services/api/api_stories'
import { siteUrl, type Site } from '#tenancy/site'
import i18nManager from '@adonisjs/i18n/services/main'

type Operation = {
  method: 'get' | 'post'
  /** The operationId; its summary and description are `api.operations.<id>.*` in the catalogs. */
  id: string
  path: string
  scope: (typeof API_SCOPES)[number] | null
  parameters: string[]
  body?: string
  answer: { status: number; schema: string }
  /** Another success answer the operation may give instead (a response waiting for a check). */
  alsoAnswers?: { status: number; schema: string; description: string }
  problems: number[]
}

const READ_PROBLEMS = [400, 401, 429]

/** Every operation of /api/v1: the document's paths and the docs page's list. */
export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    id: 'getStories',
    path: '/stories',
    scope: null,
    parameters: [
      'limit',
      'cursor',
      'q',
      'order',
      'service',
      'area',
      'tag',
      'progress',
      'authorRole',
      'publishedFrom',
      'publishedTo',
      'updatedSince',
    ],
    answer: { status: 200, schema: 'StoryPage' },
    problems: READ_PROBLEMS,
  },
  {
    method: 'get',
    id: 'getStoriesRemoved',
    path: '/stories/removed',
    scope: null,
    parameters: ['since', 'limit', 'cursor'],
    answer: { status: 200, schema: 'RemovedPage' },
    problems: READ_PROBLEMS,
  },
  {
    method: 'get',
    id: 'getStoriesId',
    path: '/stories/{id}',
    scope: null,
    parameters: ['id'],
    answer: { status: 200, schema: 'StoryOne' },
    problems: [401, 404, 429],
  },
  {
    method: 'post',
    id: 'postStories',
    path: '/stories',
    scope: 'submit',
    parameters: ['Idempotency-Key'],
    body: 'StorySubmission',
    answer: { status: 201, schema: 'SubmittedStory' },
    problems: [400, 401, 403, 409, 413, 415, 422, 429],
  },
  {
    method: 'post',
    id: 'postStoriesIdResponses',
    path: '/stories/{id}/responses',
    scope: 'respond',
    parameters: ['id'],
    body: 'ResponseSubmission',
    answer: { status: 201, schema: 'ResponseOne' },
    alsoAnswers: {
      status: 202,
      schema: 'ResponseAwaitingCheck',
      description: 'Accepted: the responder has no fast-track, so a moderator checks it first',
    },
    problems: [400, 401, 403, 413, 415, 422, 429],
  },
  {
    method: 'get',
    id: 'getServices',
    path: '/services',
    scope: null,
    parameters: ['limit', 'cursor'],
    answer: { status: 200, schema: 'ServicePage' },
    problems: READ_PROBLEMS,
  },
  {
    method: 'get',
    id: 'getServicesRef',
    path: '/services/{ref}',
    scope: null,
    parameters: ['ref'],
    answer: { status: 200, schema: 'ServiceOne' },
    problems: [401, 404, 429],
  },
  {
    method: 'get',
    id: 'getAreas',
    path: '/areas',
    scope: null,
    parameters: [],
    answer: { status: 200, schema: 'AreaPage' },
    problems: [401, 429],
  },
  {
    method: 'get',
    id: 'getTags',
    path: '/tags',
    scope: null,
    parameters: [],
    answer: { status: 200, schema: 'TagPage' },
    problems: [401, 429],
  },
  {
    method: 'get',
    id: 'getFigures',
    path: '/figures',
    scope: null,
    parameters: [],
    answer: { status: 200, schema: 'FiguresOne' },
    problems: [401, 429],
  },
]

const PARAMETERS: Record<string, Record<string, unknown>> = {
  'limit': {
    name: 'limit',
    in: 'query',
    description: `Items a page (at most ${MAX_LIMIT})`,
    schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
  },
  'cursor': {
    name: 'cursor',
    in: 'query',
    description: 'From the `next` link of the previous page',
    schema: { type: 'string' },
  },
  'q': { name: 'q', in: 'query', description: 'Words in the story', schema: { type: 'string' } },
  'order': {
    name: 'order',
    in: 'query',
    schema: { enum: ['newest', 'relevance'], default: 'newest' },
  },
  'service': {
    name: 'service',
    in: 'query',
    description: 'A service (ref, slug or external code) and everything below it',
    schema: { type: 'string' },
  },
  'area': { name: 'area', in: 'query', description: 'An area’s slug', schema: { type: 'string' } },
  'tag': { name: 'tag', in: 'query', description: 'A tag’s id', schema: { type: 'integer' } },
  'progress': {
    name: 'progress',
    in: 'query',
    description: 'Repeat for several',
    schema: {
      type: 'array',
      items: { enum: ['not_responded', 'responded', 'change_planned', 'change_made'] },
    },
    style: 'form',
    explode: true,
  },
  'authorRole': {
    name: 'authorRole',
    in: 'query',
    schema: (API_SCHEMAS.Story.properties as Record<string, unknown>).authorRole,
  },
  'publishedFrom': {
    name: 'publishedFrom',
    in: 'query',
    schema: { type: 'string', format: 'date' },
  },
  'publishedTo': {
    name: 'publishedTo',
    in: 'query',
    description: 'Inclusive',
    schema: { type: 'string', format: 'date' },
  },
  'updatedSince': {
    name: 'updatedSince',
    in: 'query',
    description: 'A partner’s sync: stories changed since this time (UTC)',
    schema: { type: 'string', format: 'date-time' },
  },
  'since': {
    name: 'since',
    in: 'query',
    required: true,
    schema: { type: 'string', format: 'date-time' },
  },
  'id': { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
  'ref': { name: 'ref', in: 'path', required: true, schema: { type: 'string' } },
  'Idempotency-Key': {
    name: 'Idempotency-Key',
    in: 'header',
    description:
      'Any unique text of yours (a UUID): a retry with it within 24 hours gets the first answer',
    schema: { type: 'string', maxLength: 255 },
  },
}

const RATE_HEADERS = {
  'RateLimit': {
    description: 'Requests left and seconds until the allowance is full (IETF draft)',
    schema: { type: 'string' },
  },
  'RateLimit-Policy': { description: 'The allowance (IETF draft)', schema: { type: 'string' } },
}

function problemResponse(status: number) {
  return {
    description: `Problem details (${Object.entries(PROBLEM_TYPES)
      .filter(([, code]) => code === status)
      .map(([type]) => type)
      .join(', ')})`,
    headers:
      status === 429
        ? { ...RATE_HEADERS, 'Retry-After': { schema: { type: 'integer' } } }
        : RATE_HEADERS,
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  }
}

/** The document is written in English, from the same catalog as the docs page. */
const english = () => i18nManager.locale('en-GB')

function operationObject(operation: Operation) {
  return {
    operationId: operation.id,
    summary: english().t(`api.operations.${operation.id}.summary`),
    description: english().t(`api.operations.${operation.id}.description`),
    tags: [operation.path.split('/')[1]],
    security: operation.scope ? [{ apiKey: [operation.scope] }] : [{}, { apiKey: ['read'] }],
    parameters: operation.parameters.map((name) => ({ $ref: `#/components/parameters/${name}` })),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: `#/components/schemas/${operation.body}` } },
            },
          },
        }
      : {}),
    responses: {
      [String(operation.answer.status)]: {
        description: operation.answer.status === 201 ? 'Created' : 'OK',
        headers: {
          ...RATE_HEADERS,
          ...(operation.method === 'get' ? { ETag: { schema: { type: 'string' } } } : {}),
        },
        content: {
          'application/json': {
            schema: { $ref: `#/components/schemas/${operation.answer.schema}` },
          },
        },
      },
      ...(operation.alsoAnswers
        ? {
            [String(operation.alsoAnswers.status)]: {
              description: operation.alsoAnswers.description,
              headers: RATE_HEADERS,
              content: {
                'application/json': {
                  schema: { $ref: `#/components/schemas/${operation.alsoAnswers.schema}` },
                },
              },
            },
          }
        : {}),
      ...(operation.method === 'get'
        ? { '304': { description: 'Not modified (If-None-Match held the same ETag)' } }
        : {}),
      ...Object.fromEntries(
        operation.problems.map((status) => [String(status), problemResponse(status)])
      ),
    },
  }
}

export function openApiDocument(site: Site, tenantName: string) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const operation of OPERATIONS) {
    paths[operation.path] ??= {}
    paths[operation.path][operation.method] = operationObject(operation)
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `${tenantName} API`,
      version: '1.0.0',
      description:
        'Published stories of health and social care, the services they are about and the services’ responses. Reads need no key; a key raises the rate and allows partner writes.',
      license: { name: 'Content licence of the site', url: siteUrl(site, '/api') },
    },
    servers: [{ url: siteUrl(site, '/api/v1') }],
    tags: [
      { name: 'stories', description: 'Stories and their responses' },
      { name: 'services', description: 'The service directory' },
      { name: 'areas', description: 'Areas' },
      { name: 'tags', description: 'Tags' },
      { name: 'figures', description: 'Figures' },
    ],
    paths,
    components: {
      schemas: API_SCHEMAS,
      parameters: PARAMETERS,
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: `A key from the tenant’s admins. Scopes: ${API_SCOPES.join(', ')}.`,
        },
      },
    },
  }
}

/** What the documentation page at /api shows. */
export function apiDocsPage(site: Site) {
  const base = siteUrl(site, '/api/v1')
  return {
    base,
    openapiUrl: `${base}/openapi.json`,
    operations: OPERATIONS.map((operation) => ({
      ...operation,
      method: operation.method.toUpperCase(),
      anchor: `${operation.method}-${operation.path.replace(/[^a-z]+/g, '-')}`.replace(/-+$/, ''),
      fields: fieldsOf(operation.answer.schema),
      bodyFields: operation.body ? fieldsOf(operation.body) : [],
    })),
    rates: ratePolicies(),
    maxLimit: MAX_LIMIT,
    scopes: API_SCOPES,
    problems: Object.entries(PROBLEM_TYPES).map(([type, status]) => ({
      type,
      status,
      uri: problemTypeUri(type as keyof typeof PROBLEM_TYPES),
    })),
    example: `curl -H "Authorization: Bearer cvk_…" "${base}/stories?limit=2"`,
  }
}

/** The top-level fields of a schema (of its `data` items for a page), for the docs page. */
function fieldsOf(name: string): string[] {
  let schema = API_SCHEMAS[name] as { properties?: Record<string, any> }
  const data = schema.properties?.data
  const ref: string | undefined = data?.$ref ?? data?.items?.$ref
  if (ref) schema = API_SCHEMAS[ref.split('/').pop()!] as typeof schema
  return Object.keys(schema.properties ?? {})
}
