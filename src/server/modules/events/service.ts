// The events module's public face: the domain event feed (publish in a change's transaction,
// subscribe, the worker that runs the subscriptions).
export {
  type EventWorker,
  eventPositionsNow,
  type NewEvent,
  publish,
  type Subscription,
  startEventWorker,
  subscribe,
} from './feed.service'
export { type DomainEvent, type EventName, type EventPayload, eventNames } from './registry'
