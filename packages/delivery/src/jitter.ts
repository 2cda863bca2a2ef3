/**
 * `ms` lengthened by up to `fraction` of itself at random (0.1: up to +10%),
 * so retries of deliveries that failed together do not come back together.
 * Standard Webhooks, "Deliverability and reliability": "add some level of
 * random jitter to retries". Only ever longer: a wait the receiver asked for
 * stays a minimum. Returns whole milliseconds.
 */
export function withJitter(ms: number, fraction = 0.1, random: () => number = Math.random): number {
  return Math.round(ms + ms * fraction * random());
}
