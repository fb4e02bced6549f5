import { Counter } from 'prom-client'
import { eventNames, subscribe } from '../events/service'

/** Domain events handled in this process, by name (Prometheus sums the processes). */
export const domainEventsHandled = new Counter({
  name: 'sen_domain_events_total',
  help: 'Domain events handed to the metrics subscriber in this process, by event name',
  labelNames: ['event'] as const,
  registers: [],
})

/**
 * Counts the domain events as they are handled. At least once: after a crash between handling
 * and saving the position an event may be counted twice, which a Prometheus counter tolerates
 * (it is a rate, reset at each restart).
 */
export const countDomainEvents = subscribe('metrics.domain-event-counts', eventNames, async (event) => {
  domainEventsHandled.inc({ event: event.name })
})
