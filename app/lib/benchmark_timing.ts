/**
 * The timing harness of the benchmark commands: runs each query `attempts`
 * times and reports its median and worst time, one line per query.
 */
export async function timeEach(
  timings: [string, () => Promise<unknown>][],
  options: { attempts: number; width: number; log: (line: string) => void }
) {
  for (const [label, run] of timings) {
    const runs: number[] = []
    for (let attempt = 0; attempt < options.attempts; attempt++) {
      const start = performance.now()
      await run()
      runs.push(performance.now() - start)
    }
    runs.sort((a, b) => a - b)
    const median = runs[Math.floor(runs.length / 2)]
    const worst = runs[runs.length - 1]
    options.log(
      `${label.padEnd(options.width)} median ${median.toFixed(1)} ms (worst ${worst.toFixed(1)} ms)`
    )
  }
}
