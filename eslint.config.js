import { configApp } from '@adonisjs/eslint-config'

export default configApp(
  { ignores: ['.adonisjs/**', 'public/**', 'tmp/**', 'build/**', 'database/schema.ts'] },
  {
    /* In tests, `(await client.get(url)).text()` reads better than a temporary. */
    files: ['tests/**/*.ts'],
    rules: { '@unicorn/no-await-expression-member': 'off' },
  }
)
