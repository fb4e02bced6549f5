export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Waits until the condition holds, looking again every 20 ms; after `within` ms it throws, naming
 * what it waited for. For what happens in the background (a worker, a reconnection), not for timing.
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  { within = 5_000, what = 'the condition' }: { within?: number; what?: string } = {},
): Promise<void> {
  const deadline = Date.now() + within
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await sleep(20)
  }
}
