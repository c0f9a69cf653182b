/**
 * Text piped to a command on standard input (a password, a passphrase):
 * never prompted for, one trailing newline dropped, and an open but silent
 * stdin counts as none after a second.
 */
export function textFromStdin(): Promise<string | undefined> {
  const stdin = process.stdin
  if (stdin.isTTY) return Promise.resolve(undefined)
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    const finish = () => {
      clearTimeout(idle)
      stdin.pause()
      const text = Buffer.concat(chunks)
        .toString('utf8')
        .replace(/\r?\n$/, '')
      resolve(text.length > 0 ? text : undefined)
    }
    const idle = setTimeout(finish, 1000)
    stdin.on('data', (chunk) => {
      clearTimeout(idle)
      chunks.push(Buffer.from(chunk))
    })
    stdin.once('end', finish)
    stdin.once('error', finish)
  })
}
