import { Counter, Histogram } from 'prom-client'

/** Calls through the gateway by service, client and outcome (registered at /metrics). */
export const exchangeCalls = new Counter({
  name: 'sen_exchange_calls_total',
  help: 'Calls through the data-exchange gateway by service, client, status and X-Road error type',
  labelNames: ['service', 'client', 'status', 'error'] as const,
  registers: [],
})

export const exchangeLatency = new Histogram({
  name: 'sen_exchange_call_duration_seconds',
  help: 'Time through the data-exchange gateway, backend included, by service and client',
  labelNames: ['service', 'client'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 30],
  registers: [],
})

export function observeCall(call: {
  serviceId: string
  clientId: string
  status: number
  errorType: string | null
  seconds: number
}) {
  exchangeCalls.inc({
    service: call.serviceId,
    client: call.clientId,
    status: String(call.status),
    error: call.errorType ?? '',
  })
  exchangeLatency.observe({ service: call.serviceId, client: call.clientId }, call.seconds)
}
