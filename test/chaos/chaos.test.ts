import { describe, expect, it } from 'vitest';
import { decisionPostId, planFor, runChaos, sumReports, type ChaosReport } from './chaos';

// Two small seeded runs (30 decisions each) against a real simulator whose second operator acts
// every 50-200 ms. The big run is `npm run chaos` (figures in docs/RELIABILITY.md). Seeds 4 and 12
// were chosen because their plans contain every hard case (see the plan test below).
const SEEDS = [4, 12];
const DECISIONS = 30;
const FAULT_RATE = 0.35;

describe('chaos run over decisions', () => {
  let reports: ChaosReport[] = [];
  const runs = async () => {
    if (reports.length === 0) reports = await Promise.all(SEEDS.map((seed) => runChaos({ seed, decisions: DECISIONS, faultRate: FAULT_RATE })));
    return reports;
  };

  it(
    'F30, F31, F32, F34, F27, F28: no decision is misreported, lost or sent twice under random faults and a racing second operator',
    async () => {
      const all = sumReports(await runs());
      const violations = reports.flatMap((r) => r.violations);
      expect(violations).toEqual([]);
      expect(all.total).toBe(SEEDS.length * DECISIONS);
      expect(all.misreported).toBe(0);
      expect(all.lost).toBe(0);
      expect(all.duplicatePosts).toBe(0);
      expect(all.consoleRegressions).toBe(0);
      expect(all.doubleClickRefused).toBe(all.doubleClicks);
    },
    60_000,
  );

  it(
    'F30, F31, F32, F34: the runs are not vacuous — every outcome kind, a reconciled approve, a forced race, a double click and injected faults occurred',
    async () => {
      const rs = await runs();
      const all = sumReports(rs);
      expect(all.outcomes.applied).toBeGreaterThan(0);
      expect(all.outcomes['already-decided']).toBeGreaterThan(0);
      expect(all.outcomes['not-applied']).toBeGreaterThan(0);
      expect(all.outcomes.unknown).toBeGreaterThan(0);
      expect(all.reconciled).toBeGreaterThan(0);
      expect(all.forcedRaces).toBeGreaterThan(0);
      expect(all.doubleClicks).toBeGreaterThan(0);
      const faults = Object.keys(Object.assign({}, ...rs.map((r) => r.faults)) as Record<string, number>);
      // Ambiguous POST failures (F30/F31), 429 on a decision (F27), 5xx bursts (F28) and list faults were all injected.
      expect(faults.some((f) => /^(approve|reject):(hang-after-apply|reset-after-apply)$/.test(f))).toBe(true);
      expect(faults.some((f) => /^(approve|reject):status-5\d\d$/.test(f) || /^list-requests:status-5\d\d$/.test(f))).toBe(true);
      expect(faults.some((f) => f.startsWith('list-requests:'))).toBe(true);
    },
    60_000,
  );

  it('F30, F32, F34, F27: the chosen seeds plan a lost race followed by an ambiguous approve, read-back storms, double clicks and a 429', () => {
    const plan = SEEDS.flatMap((seed) => planFor(seed, DECISIONS, FAULT_RATE));
    // Alice approves first, then my approve fails ambiguously: the read-back sees APPROVED by someone else.
    expect(plan.some((p) => p.race === 'before' && p.post?.ambiguous && p.verb === 'approve' && p.aliceApproves)).toBe(true);
    expect(plan.some((p) => p.race === 'during')).toBe(true);
    expect(plan.some((p) => p.storm !== 'none')).toBe(true);
    expect(plan.some((p) => p.double !== 'none')).toBe(true);
    expect(plan.some((p) => p.post?.label === 'status-429')).toBe(true);
  });

  it('reads the request id out of decision POST paths, encoded or not', () => {
    expect(decisionPostId('/v1/tenants/demo/participantAccessRequests/abc-1:approve')).toBe('abc-1');
    expect(decisionPostId('/v1/tenants/demo/participantAccessRequests/abc-1%3Areject')).toBe('abc-1');
    expect(decisionPostId('/v1/tenants/demo/participantAccessRequests/abc-1')).toBeNull();
  });
});
