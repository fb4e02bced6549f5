// The part of autocannon's API that bench/load.ts uses (the package ships no types).
declare module 'autocannon' {
  namespace autocannon {
    interface Request {
      method?: string
      path?: string
      headers?: Record<string, string>
      body?: string
    }
    interface Options {
      url: string
      connections?: number
      duration?: number
      requests?: { setupRequest?: (request: Request) => Request }[]
    }
    interface Result {
      requests: { total: number }
      /** min, max, mean, stddev and the percentiles p0_001 … p99_999, in ms. */
      latency: { p50: number; p99: number; min: number; max: number } & Record<string, number>
      errors: number
      timeouts: number
      non2xx: number
    }
  }
  function autocannon(
    options: autocannon.Options,
    done: (error: Error | null, result: autocannon.Result) => void,
  ): unknown
  export default autocannon
}
