/**
 * Demo life: a trickle of new senders and a second operator ("Alice Moreno") who decides
 * requests on her own, so a first run of the console shows a queue that moves and exercises
 * the "already approved by Alice" path. Each loop is a chain of timeouts cleared on stop().
 */
import { APPROVE_NOTES, REJECT_NOTES } from './catalog';
import type { Rng } from './prng';
import { randomRequest } from './seed';
import type { SimStore } from './store';
import type { RawRequest, SimTimers } from './types';

export interface Interval {
  minMs: number;
  maxMs: number;
}

export interface DemoDeps {
  store: SimStore;
  rng: Rng;
  timers: SimTimers;
  now: () => number;
  trickle: Interval | false;
  secondOperator: Interval | false;
  /** Stores a new pending row (and announces it). */
  addRequest: (row: RawRequest) => void;
  /** Alice decides `id` (and announces it). */
  decide: (id: string, decision: 'APPROVED' | 'REJECTED', note: string | undefined) => void;
}

export interface Demo {
  stop(): void;
}

/**
 * A new sender: mostly strangers, sometimes a known participant writing to another agent
 * (matched, so BIND_ONLY applies) or a rejected sender trying again.
 */
export function demoRequest(store: SimStore, rng: Rng, now: number): RawRequest {
  const base = randomRequest(rng, { configs: store.world.configs }, now);
  const roll = rng.next();
  if (roll < 0.15) {
    const people = store.listParticipants().filter((p) => p.kind === 'PERSON' && p.channels.length > 0);
    const agents = store.world.agents.map((a) => a.id);
    const person = people.length > 0 ? rng.pick(people) : undefined;
    const channel = person ? rng.pick(person.channels) : undefined;
    const agentId = person ? agents.find((a) => !person.agentIds.includes(a)) : undefined;
    const config = channel ? store.world.configs.find((c) => c.id === channel.integrationConfigId) : undefined;
    if (person && channel && agentId && config) {
      return { ...base, integrationConfigId: config.id, provider: config.provider, address: channel.address, agentId, matchedParticipantId: person.id, displayName: person.displayName };
    }
  } else if (roll < 0.25) {
    const rejected = store.allRequests().filter((r) => r.status === 'REJECTED');
    if (rejected.length > 0) {
      const again = rng.pick(rejected);
      return { ...base, integrationConfigId: again.integrationConfigId, provider: again.provider, address: again.address, agentId: again.agentId, displayName: again.displayName, conversationName: again.conversationName };
    }
  }
  return base;
}

/** Starts the enabled demo loops. */
export function startDemo(deps: DemoDeps): Demo {
  const handles = new Set<unknown>();
  let stopped = false;

  const loop = (interval: Interval, tick: () => void) => {
    const schedule = () => {
      if (stopped) return;
      const handle = deps.timers.setTimeout(() => {
        handles.delete(handle);
        if (stopped) return;
        tick();
        schedule();
      }, deps.rng.int(interval.minMs, interval.maxMs));
      handles.add(handle);
    };
    schedule();
  };

  if (deps.trickle) loop(deps.trickle, () => deps.addRequest(demoRequest(deps.store, deps.rng, deps.now())));
  if (deps.secondOperator) {
    loop(deps.secondOperator, () => {
      const pending = deps.store.allRequests().filter((r) => r.status === 'PENDING');
      if (pending.length === 0) return;
      const target = deps.rng.pick(pending);
      const approve = deps.rng.chance(0.7);
      const note = deps.rng.pick(approve ? APPROVE_NOTES : REJECT_NOTES) ?? undefined;
      deps.decide(target.id, approve ? 'APPROVED' : 'REJECTED', note);
    });
  }

  return {
    stop: () => {
      stopped = true;
      for (const handle of handles) deps.timers.clearTimeout(handle);
      handles.clear();
    },
  };
}
