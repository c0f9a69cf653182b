import { configApp } from '@adonisjs/eslint-config'

export default configApp({ ignores: ['.adonisjs/**', 'public/**', 'tmp/**', 'build/**'] })
