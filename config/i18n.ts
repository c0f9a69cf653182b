import app from '@adonisjs/core/services/app'
import { defineConfig, formatters, loaders } from '@adonisjs/i18n'

/** en-GB is the source catalog; every other catalog mirrors its keys. */
const i18nConfig = defineConfig({
  defaultLocale: 'en-GB',
  supportedLocales: ['en-GB', 'cy', 'gd'],
  fallbackLocales: { cy: 'en-GB', gd: 'en-GB' },
  formatter: formatters.icu(),
  loaders: [
    loaders.fs({
      location: app.languageFilesPath(),
    }),
  ],
})

export default i18nConfig
