import app from '@adonisjs/core/services/app'
import { defineConfig, loaders } from '@adonisjs/i18n'
import { CachedIcuFormatter } from '#lib/cached_icu_formatter'

/** en-GB is the source catalog; every other catalog mirrors its keys. */
const i18nConfig = defineConfig({
  defaultLocale: 'en-GB',
  supportedLocales: ['en-GB', 'cy', 'gd'],
  fallbackLocales: { cy: 'en-GB', gd: 'en-GB' },
  /* ICU messages, each compiled once per locale (app/lib/cached_icu_formatter.ts). */
  formatter: () => new CachedIcuFormatter(),
  loaders: [
    loaders.fs({
      location: app.languageFilesPath(),
    }),
  ],
})

export default i18nConfig
