/**
 * The JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of everything the
 * public API v1 answers or accepts: written once here, used by the OpenAPI
 * document (#services/api/openapi_document) and by the tests that validate
 * every real answer against that document. The transformers beside this
 * file build objects of exactly these shapes.
 */
import { AGE_BANDS, AUTHOR_ROLES, SUBMISSION_ROUTES } from '#models/story'
import { TAG_QUESTIONS } from '#models/story_tag'
import { CHANGE_KINDS } from '#models/response'
import { PROGRESS_STATES } from '#services/stories/story_progress'

type Schema = Record<string, unknown>

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` })
const nullable = (schema: Schema): Schema => ({ oneOf: [schema, { type: 'null' }] })
const time: Schema = { type: 'string', format: 'date-time' }
const id: Schema = { type: 'integer', minimum: 1 }
const count: Schema = { type: 'integer', minimum: 0 }
const text: Schema = { type: 'string' }

function object(properties: Record<string, Schema>, optional: string[] = []): Schema {
  return {
    type: 'object',
    additionalProperties: false,
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    properties,
  }
}

/** A page of a list: the items and the link to the next page (null on the last). */
function page(item: string): Schema {
  return object({
    data: { type: 'array', items: ref(item) },
    next: nullable({ type: 'string', format: 'uri' }),
  })
}

export const API_SCHEMAS: Record<string, Schema> = {
  ServiceRef: object({
    ref: text,
    name: text,
    externalCode: nullable(text),
    url: { type: 'string', format: 'uri' },
  }),
  Tag: object({
    id,
    label: text,
    question: { enum: [...TAG_QUESTIONS] },
    polarity: { enum: ['positive', 'negative', null] },
  }),
  Reply: object({ id, text, createdAt: time }),
  Change: object({ kind: { enum: [...CHANGE_KINDS] }, description: text }),
  Response: object({
    id,
    service: object({ ref: text, name: text }),
    authorName: text,
    authorJobTitle: nullable(text),
    text,
    createdAt: time,
    change: nullable(ref('Change')),
    replies: { type: 'array', items: ref('Reply') },
  }),
  Story: object(
    {
      id,
      url: { type: 'string', format: 'uri' },
      title: text,
      text,
      services: { type: 'array', items: ref('ServiceRef') },
      tags: { type: 'array', items: ref('Tag') },
      authorRole: { enum: [...AUTHOR_ROLES] },
      ageBand: { enum: [...AGE_BANDS] },
      happenedIn: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
      submittedAt: time,
      publishedAt: time,
      updatedAt: time,
      progress: { enum: [...PROGRESS_STATES] },
      staffReadCount: count,
      experiencedCount: count,
      submissionRoute: { enum: [...SUBMISSION_ROUTES] },
      responses: { type: 'array', items: ref('Response') },
      criticality: {
        description: 'With a staff-read key, on stories about a service the key covers',
        oneOf: [{ type: 'integer', minimum: 0, maximum: 5 }, { type: 'null' }],
      },
    },
    ['criticality']
  ),
  StoryPage: page('Story'),
  StoryOne: object({ data: ref('Story') }),
  RemovedStory: object({ id, removedAt: time }),
  RemovedPage: page('RemovedStory'),
  Service: object({
    ref: text,
    slug: text,
    name: text,
    kind: text,
    status: { enum: ['open', 'closed', 'merged'] },
    area: nullable(object({ slug: text, name: text })),
    parentRef: nullable(text),
    childRefs: { type: 'array', items: text },
    externalCode: nullable(text),
    description: nullable(text),
    contact: object({
      address: nullable(text),
      postcode: nullable(text),
      phone: nullable(text),
      website: nullable(text),
    }),
    url: { type: 'string', format: 'uri' },
  }),
  ServicePage: page('Service'),
  ServiceOne: object({ data: ref('Service') }),
  Area: object({ slug: text, name: text, parentSlug: nullable(text) }),
  AreaPage: page('Area'),
  TagPage: page('Tag'),
  Figures: object(
    {
      stories: count,
      responded: count,
      responseRate: nullable({ type: 'number' }),
      medianDays: nullable({ type: 'number' }),
      changesMade: count,
      months: {
        type: 'array',
        items: object({
          month: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
          stories: count,
          responded: count,
          responseRate: nullable({ type: 'number' }),
          medianDays: nullable({ type: 'number' }),
        }),
      },
      good: { type: 'array', items: object({ id, label: text, count }) },
      improve: { type: 'array', items: object({ id, label: text, count }) },
      unpublished: {
        description: 'With a staff-read key: stories not (or no longer) public, about its services',
        ...object({
          awaitingModeration: count,
          needsAuthorInput: count,
          escalated: count,
          hidden: count,
        }),
      },
    },
    ['unpublished']
  ),
  FiguresOne: object({ data: ref('Figures') }),
  StorySubmission: object(
    {
      service: { type: 'string', maxLength: 140, description: 'The service’s ref (or slug)' },
      title: { type: 'string', minLength: 3, maxLength: 120 },
      body: { type: 'string', minLength: 20, maxLength: 12000 },
      tags: { type: 'array', items: id, maxItems: 30 },
      month: { type: 'integer', minimum: 1, maximum: 12 },
      year: { type: 'integer', minimum: 1900, maximum: 2200 },
      authorRole: { enum: [...AUTHOR_ROLES] },
      ageBand: { enum: [...AGE_BANDS] },
      displayName: { type: 'string', minLength: 2, maxLength: 40 },
      email: { type: 'string', format: 'email', maxLength: 254 },
      consent: { const: true, description: 'The author agreed to the terms of publication' },
    },
    ['tags']
  ),
  SubmittedStory: object({
    data: object({
      id,
      status: { const: 'unconfirmed' },
      message: text,
    }),
  }),
  ResponseSubmission: object(
    {
      service: { type: 'string', maxLength: 140, description: 'The responding service’s ref' },
      staff: {
        type: 'string',
        maxLength: 254,
        description: 'The email address (or account id) of the responder signing it',
      },
      body: { type: 'string', minLength: 10, maxLength: 6000 },
      changeKind: { enum: [...CHANGE_KINDS, null] },
      changeDescription: nullable({ type: 'string', maxLength: 2000 }),
    },
    ['changeKind', 'changeDescription']
  ),
  ResponseOne: object({ data: ref('Response') }),
  ResponseAwaitingCheck: object({
    data: object({
      checkId: id,
      status: { const: 'awaitingCheck' },
      message: text,
    }),
  }),
  Problem: {
    type: 'object',
    required: ['type', 'title', 'status'],
    properties: {
      type: { type: 'string', format: 'uri-reference' },
      title: text,
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: text,
      code: text,
      errors: {
        type: 'array',
        items: object({ field: text, detail: text }),
      },
    },
  },
}
