import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from './index';
import { manualTimers } from '../test/support/timers';
import type { SimEvent, SimulatorHandle } from './types';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
let sim: SimulatorHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('demo loops', () => {
  it('are off by default in the library', async () => {
    const manual = manualTimers();
    sim = await startSimulator({ now: () => NOW, timers: manual.timers });
    expect(manual.scheduled()).toEqual([]);
  });

  it('trickle adds one new pending request per tick, at delays within the interval', async () => {
    const manual = manualTimers();
    const events: SimEvent[] = [];
    sim = await startSimulator({ now: () => NOW, timers: manual.timers, trickle: { minMs: 20_000, maxMs: 60_000 }, onEvent: (e) => events.push(e) });
    const before = sim.control.listRequests().length;
    for (let i = 0; i < 5; i += 1) {
      const [delay] = manual.scheduled();
      expect(delay).toBeGreaterThanOrEqual(20_000);
      expect(delay).toBeLessThanOrEqual(60_000);
      manual.runDue();
    }
    const rows = sim.control.listRequests();
    expect(rows).toHaveLength(before + 5);
    expect(rows.slice(before).every((r) => r.status === 'PENDING' && r.createdAt === NOW)).toBe(true);
    expect(events.map((e) => e.type)).toEqual(Array(5).fill('request-created'));
  });

  it('the second operator (Alice) decides a pending request per tick', async () => {
    const manual = manualTimers();
    const events: SimEvent[] = [];
    sim = await startSimulator({ now: () => NOW, timers: manual.timers, secondOperator: { minMs: 45_000, maxMs: 120_000 }, onEvent: (e) => events.push(e) });
    const pendingBefore = sim.control.listRequests().filter((r) => r.status === 'PENDING').length;
    manual.runDue();
    manual.runDue();
    const rows = sim.control.listRequests();
    expect(rows.filter((r) => r.status === 'PENDING')).toHaveLength(pendingBefore - 2);
    const decidedNow = rows.filter((r) => r.processedAt === NOW);
    expect(decidedNow).toHaveLength(2);
    expect(decidedNow.every((r) => r.processedBy === sim?.facts.users.aliceUserId)).toBe(true);
    expect(events).toEqual(decidedNow.map(() => expect.objectContaining({ type: 'request-decided', by: 'Alice Moreno' })));
  });

  it('close() cancels the scheduled timers', async () => {
    const manual = manualTimers();
    sim = await startSimulator({ now: () => NOW, timers: manual.timers, trickle: { minMs: 10, maxMs: 20 }, secondOperator: { minMs: 10, maxMs: 20 } });
    expect(manual.scheduled()).toHaveLength(2);
    await sim.close();
    expect(manual.scheduled()).toEqual([]);
  });

  it('the same seed produces the same demo sequence', async () => {
    const run = async () => {
      const manual = manualTimers();
      const s = await startSimulator({ now: () => NOW, timers: manual.timers, trickle: { minMs: 1, maxMs: 1_000 }, secondOperator: { minMs: 1, maxMs: 1_000 } });
      const delays: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        delays.push(...manual.scheduled());
        manual.runDue();
      }
      const rows = s.control.listRequests();
      await s.close();
      return { delays, rows };
    };
    expect(await run()).toEqual(await run());
  });
});
