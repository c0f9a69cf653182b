/*
 * Values every template may use.
 */
import edge from 'edge.js'
import i18nManager from '@adonisjs/i18n/services/main'

edge.global('supportedLocales', () => i18nManager.supportedLocales())
