/**
 * Runs `work` every `intervalMs` (0: never), never two passes at once in this process; `stop()`
 * waits for the pass under way. A failed pass goes to `onError`; the next one runs as usual.
 */
export function every(intervalMs: number, work: () => Promise<unknown>, onError: (error: unknown) => void) {
  let running: Promise<unknown> | null = null
  const tick = () => {
    if (running) return
    running = work()
      .catch(onError)
      .finally(() => {
        running = null
      })
  }
  const timer = intervalMs > 0 ? setInterval(tick, intervalMs) : null
  timer?.unref()
  return {
    async stop() {
      if (timer) clearInterval(timer)
      await running
    },
  }
}
