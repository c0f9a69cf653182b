/*
 * Templates in production: see #lib/edge_components.
 */
import app from '@adonisjs/core/services/app'
import edge from 'edge.js'
import { listComponentsOnce } from '#lib/edge_components'

if (app.inProduction) listComponentsOnce(edge.loader)
