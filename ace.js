/*
 * JavaScript entrypoint for ace commands. Node cannot run TypeScript on its
 * own, so the ts-exec hook compiles the sources on the fly.
 */
import '@poppinss/ts-exec'

await import('./bin/console.ts')
