/**
 * Fault queue: rules are consumed FIFO per route. A request first looks at its own route's
 * queue, then at the '*' queue, so a targeted fault is never shadowed by a catch-all one.
 */
import type { FaultAction, FaultRule, SimRoute } from './types';

export interface FaultQueue {
  add(rule: FaultRule): void;
  clear(): void;
  /** The action answering the next request on `route` (null route = an unknown /v1 path: '*' only). */
  take(route: SimRoute | null): FaultAction | undefined;
}

const FAULT_KINDS = new Set<FaultAction['kind']>([
  'status',
  'latency',
  'hang',
  'reset',
  'reset-after-apply',
  'hang-after-apply',
  'malformed-json',
  'html',
  'empty',
  'huge',
  'redirect',
  'rows',
  'envelope',
  'echo-token',
]);

const ROUTES = new Set<SimRoute>([
  'list-requests',
  'get-request',
  'approve',
  'reject',
  'agents',
  'collaborators',
  'participants',
  'get-participant',
  'integrations',
  'configs',
  'users',
  'auth-health',
  'device-start',
  'device-poll',
  '*',
]);

/**
 * Checks a rule that arrived as JSON (control HTTP API). `times` may be a number, "Infinity",
 * null or -1 (the last three mean forever, since JSON cannot carry Infinity).
 */
export function parseFaultRule(value: unknown): { ok: true; rule: FaultRule } | { ok: false; message: string } {
  if (typeof value !== 'object' || value === null) return { ok: false, message: 'Body must be a JSON FaultRule object.' };
  const v = value as Record<string, unknown>;
  if (typeof v.route !== 'string' || !ROUTES.has(v.route as SimRoute)) return { ok: false, message: `Unknown route ${JSON.stringify(v.route)}.` };
  const action = v.action as Record<string, unknown> | null | undefined;
  if (typeof action !== 'object' || action === null || typeof action.kind !== 'string' || !FAULT_KINDS.has(action.kind as FaultAction['kind'])) {
    return { ok: false, message: 'action.kind is missing or unknown.' };
  }
  const numberFields: Record<string, string> = { status: 'status', 'echo-token': 'status', latency: 'ms', huge: 'bytes', envelope: 'pageSize' };
  const field = numberFields[action.kind];
  if (field && typeof action[field] !== 'number') return { ok: false, message: `action.${field} must be a number.` };
  if (action.kind === 'redirect' && typeof action.location !== 'string') return { ok: false, message: 'action.location must be a string.' };
  if (action.kind === 'rows' && !Array.isArray(action.rows)) return { ok: false, message: 'action.rows must be an array.' };
  let times: number | undefined;
  if (v.times === 'Infinity' || v.times === null || v.times === -1) times = Infinity;
  else if (v.times === undefined) times = undefined;
  else if (typeof v.times === 'number' && Number.isInteger(v.times) && v.times > 0) times = v.times;
  else return { ok: false, message: 'times must be a positive integer, "Infinity", null or -1.' };
  const rule: FaultRule = { route: v.route as SimRoute, action: action as unknown as FaultAction };
  if (times !== undefined) rule.times = times;
  return { ok: true, rule };
}

/** Creates an empty fault queue. */
export function createFaultQueue(): FaultQueue {
  const queues = new Map<SimRoute, Array<{ action: FaultAction; remaining: number }>>();
  const takeFrom = (route: SimRoute): FaultAction | undefined => {
    const queue = queues.get(route);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.action;
  };
  return {
    add: (rule) => {
      const times = rule.times ?? 1;
      if (!(times > 0)) return;
      const queue = queues.get(rule.route) ?? [];
      queue.push({ action: rule.action, remaining: times });
      queues.set(rule.route, queue);
    },
    clear: () => queues.clear(),
    take: (route) => (route ? takeFrom(route) : undefined) ?? takeFrom('*'),
  };
}
