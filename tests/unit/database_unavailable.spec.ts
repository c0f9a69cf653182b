import { test } from '@japa/runner'
import { isDatabaseUnavailable } from '#lib/database_unavailable'

function withCode(code: string, message = 'failed') {
  return Object.assign(new Error(message), { code })
}

test.group('Database unavailable errors', () => {
  test('shutdowns, refused connections and pool time-outs count as unavailable', ({ assert }) => {
    const errors = [
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P02', 'terminating connection due to crash of another server process'),
      withCode('57P03', 'the database system is shutting down'),
      withCode('53300', 'sorry, too many clients already'),
      withCode('08006', 'connection failure'),
      withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      Object.assign(new AggregateError([withCode('ECONNREFUSED')], 'connect failed')),
      Object.assign(new Error('Knex: Timeout acquiring a connection.'), {
        name: 'KnexTimeoutError',
      }),
      new Error('Connection terminated unexpectedly'),
      new Error('wrapped', { cause: withCode('57P01') }),
    ]
    for (const error of errors) assert.isTrue(isDatabaseUnavailable(error), error.message)
  })

  test('errors in the query or the data do not', ({ assert }) => {
    const errors = [
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode('22021', 'invalid byte sequence for encoding "UTF8": 0x00'),
      withCode('55000', 'currval of sequence "x" is not yet defined in this session'),
      withCode('E_ROUTE_NOT_FOUND'),
      new Error('something else'),
      null,
      'a string',
    ]
    for (const error of errors) assert.isFalse(isDatabaseUnavailable(error), String(error))
  })
})
