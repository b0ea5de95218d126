/**
 * Chaos run over decisions (PRODUCT.md: "decisions that are never lost or misreported under
 * faults"). A real simulator with a fast second operator, a real console core talking HTTP to
 * it, and a seeded plan of approve/reject decisions with faults injected on the decision,
 * read-back and list routes. After every decision the reported outcome is compared with the
 * simulator's own record of the request (status and processedBy), and the simulator's request
 * log is used to count POSTs per request: the console must never replay a decision.
 *
 * Determinism: the plan (targets' rank, verbs, modes, races, faults) is drawn from a seeded PRNG
 * with a fixed number of draws per step, so a seed always plans the same run. The second
 * operator acts on real timers (that is what makes races happen), so which request a plan step
 * lands on, and therefore the exact counts, may vary a little between runs of one seed; the
 * invariants (misreported = lost = duplicate POSTs = 0) must hold for every interleaving.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApproveInput, DecisionOutcome, RejectInput } from '../../src-shared/contract';
import type { RequestView, Result } from '../../src-shared/domain';
import { createConsoleCore, createJsonFileStore, createMemoryVault, type ConsoleCore, type Timers } from '../../src-main/core/console-core';
import { startSimulator, type FaultAction, type RawRequest, type SimulatorHandle } from '../../src-sim/index';
import { createRng, type Rng } from '../../src-sim/prng';

export interface ChaosOptions {
  seed: number;
  /** Operator decisions to make (double-click second calls come on top and are counted apart). */
  decisions: number;
  /** Probability, per step and per route group (decision POST, read-back GET, list GET), of a fault. */
  faultRate: number;
  /** How often the second operator ("Alice") decides a random pending request (default 50-200 ms). */
  secondOperatorMs?: { minMs: number; maxMs: number };
  /** The console's per-attempt HTTP timeout (default 400 ms); hang faults cost this much. */
  timeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
}

export type OutcomeKind = DecisionOutcome['outcome'];
/** What a decision call can end in: a DecisionOutcome, or a refusal before anything was sent. */
export type ResultKind = OutcomeKind | 'refused';

export interface ChaosReport {
  seed: number;
  faultRate: number;
  /** Operator decisions made (= options.decisions). */
  total: number;
  outcomes: Record<OutcomeKind, number>;
  /** The call returned an error Result (offline block, in progress): nothing may be sent. */
  refused: number;
  /** `applied` confirmed by a read-back after an ambiguous failure (F30, F31). */
  reconciled: number;
  /** `unknown` although the server had applied the decision (honest, but the operator must re-check). */
  unknownButApplied: number;
  /** `unknown` outcomes whose later detail re-check (requests:get) matched the server. */
  unknownRechecked: number;
  /** Reported something the server does not show (applied but not mine, already-decided while pending, …). Must be 0. */
  misreported: number;
  /** The server applied my decision but the console said not-applied, already-decided or refused. Must be 0. */
  lost: number;
  /** POSTs beyond one per sent decision, from the simulator's request log. Must be 0. */
  duplicatePosts: number;
  /** Applied rows the console later showed with another status again (stale snapshot, F33). Must be 0. */
  consoleRegressions: number;
  /** Double clicks (a second call while the first is in flight) and how many were refused as in progress (F34). */
  doubleClicks: number;
  doubleClickRefused: number;
  /** Decisions that retried an earlier not-applied decision on the same request. */
  retries: number;
  /** Steps where the second operator was made to decide the same request just before or during my call (F32). */
  forcedRaces: number;
  /** Decisions on the agent where the operator is read-only (403, F22). */
  readOnlyDecisions: number;
  /** Faults injected, by `route:kind`. */
  faults: Record<string, number>;
  /** Outcomes by the fault injected on the decision POST ('none' when none). */
  byPostFault: Record<string, Record<ResultKind, number>>;
  /** Human-readable descriptions of every violation (capped at 50). */
  violations: string[];
  durationMs: number;
}

type Verb = 'approve' | 'reject';
type Route = 'approve' | 'reject' | 'get-request' | 'list-requests';
interface FaultPick {
  label: string;
  action: FaultAction;
  times: number;
  /** The decision may have been applied or not: only a read-back can tell. */
  ambiguous: boolean;
}

const WS = 'env';
const MAX_VIOLATIONS = 50;
const DRAWS_PER_STEP = 20;

/** Timers that never fire: polls happen only when the run asks for them, so faults hit what the plan meant. */
const frozenTimers: Timers = { setTimeout: () => 0, clearTimeout: () => undefined };

const retryAfter = { 'retry-after': '7' };

function weighted<T>(u: number, items: ReadonlyArray<readonly [number, T]>): T {
  const total = items.reduce((s, [w]) => s + w, 0);
  let x = u * total;
  for (const [w, item] of items) {
    if (x < w) return item;
    x -= w;
  }
  return (items[items.length - 1] as readonly [number, T])[1];
}

/** Faults on the decision POST. Only 429 and latency leave the outcome certain. */
function postFault(u: number, v: number): FaultPick {
  const ms = 20 + Math.floor(v * 100);
  return weighted<FaultPick>(u, [
    [2, { label: 'status-500', action: { kind: 'status', status: 500 }, times: 1, ambiguous: true }],
    [1, { label: 'status-502', action: { kind: 'status', status: 502 }, times: 1, ambiguous: true }],
    [2, { label: 'status-503', action: { kind: 'status', status: 503 }, times: 1, ambiguous: true }],
    [2, { label: 'status-429', action: { kind: 'status', status: 429, headers: retryAfter }, times: 1, ambiguous: false }],
    [2, { label: 'latency', action: { kind: 'latency', ms }, times: 1, ambiguous: false }],
    [2, { label: 'reset', action: { kind: 'reset' }, times: 1, ambiguous: true }],
    [3, { label: 'reset-after-apply', action: { kind: 'reset-after-apply' }, times: 1, ambiguous: true }],
    [3, { label: 'hang-after-apply', action: { kind: 'hang-after-apply' }, times: 1, ambiguous: true }],
    [1, { label: 'hang', action: { kind: 'hang' }, times: 1, ambiguous: true }],
    [1, { label: 'malformed-json', action: { kind: 'malformed-json' }, times: 1, ambiguous: true }],
    [1, { label: 'html', action: { kind: 'html' }, times: 1, ambiguous: true }],
  ]);
}

/** Faults on GETs (the read-back after an ambiguous decision, and the list poll). */
function getFault(u: number, v: number, forList: boolean): FaultPick {
  const ms = 20 + Math.floor(v * 100);
  return weighted<FaultPick>(u, [
    [1, { label: 'status-500', action: { kind: 'status', status: 500 }, times: 1, ambiguous: false }],
    [1, { label: 'status-502', action: { kind: 'status', status: 502 }, times: 1, ambiguous: false }],
    [1, { label: 'status-503', action: { kind: 'status', status: 503 }, times: 1, ambiguous: false }],
    [1, { label: 'status-429', action: { kind: 'status', status: 429, headers: retryAfter }, times: 1, ambiguous: false }],
    [2, { label: 'latency', action: { kind: 'latency', ms }, times: 1, ambiguous: false }],
    // Three resets in a row outlast the GET retries: the poll reports offline (F35).
    [2, { label: forList ? 'reset-x3' : 'reset', action: { kind: 'reset' }, times: forList ? 3 : 1, ambiguous: false }],
    [forList ? 0 : 1, { label: 'hang', action: { kind: 'hang' }, times: 1, ambiguous: false }],
    [1, { label: 'malformed-json', action: { kind: 'malformed-json' }, times: 1, ambiguous: false }],
    [1, { label: 'html', action: { kind: 'html' }, times: 1, ambiguous: false }],
  ]);
}

/** One step of the plan; every step consumes exactly DRAWS_PER_STEP numbers. */
export interface StepPlan {
  refresh: boolean;
  listFault: FaultPick | null;
  target: 'normal' | 'retry' | 'read-only';
  rank: number;
  verb: Verb;
  modeDraw: number;
  participantDraw: number;
  withName: boolean;
  withNote: boolean;
  race: 'none' | 'before' | 'during';
  aliceApproves: boolean;
  post: FaultPick | null;
  /** The read-back keeps failing: up to 12 GETs answer 503 or reset (drives `unknown`). */
  storm: 'none' | 'status-503' | 'reset';
  readBack: FaultPick | null;
  double: 'none' | 'same' | 'opposite';
}

function drawPlan(rng: Rng, faultRate: number): StepPlan {
  const u = Array.from({ length: DRAWS_PER_STEP }, () => rng.next());
  const at = (i: number) => u[i] as number;
  const race = at(7) < 0.08 ? 'before' : at(7) < 0.14 ? 'during' : 'none';
  const post = race === 'during' || at(9) >= faultRate ? null : postFault(at(10), at(11));
  const storm = post?.ambiguous && at(12) < 0.25 ? (at(13) < 0.5 ? 'status-503' : 'reset') : 'none';
  return {
    refresh: at(0) < 0.5,
    listFault: at(1) < faultRate ? getFault(at(2), at(3), true) : null,
    target: at(4) < 0.1 ? 'retry' : at(4) < 0.18 ? 'read-only' : 'normal',
    rank: at(5),
    verb: at(6) < 0.7 ? 'approve' : 'reject',
    modeDraw: at(14),
    participantDraw: at(15),
    withName: at(16) < 0.3,
    withNote: at(16) > 0.6,
    race,
    aliceApproves: at(8) < 0.7,
    post,
    storm,
    readBack: storm === 'none' && at(17) < faultRate ? getFault(at(18), at(19), false) : null,
    double: at(12) > 0.95 ? 'same' : at(13) > 0.96 ? 'opposite' : 'none',
  };
}

/** The plan a seed draws (the same draws runChaos makes), for tests that check what a run exercises. */
export function planFor(seed: number, decisions: number, faultRate: number): StepPlan[] {
  const rng = createRng(seed, 'chaos-plan');
  return Array.from({ length: decisions }, () => drawPlan(rng, faultRate));
}

const emptyKinds = (): Record<ResultKind, number> => ({ applied: 0, 'already-decided': 0, 'not-applied': 0, unknown: 0, refused: 0 });

/** Request id of a decision POST path (`…/participantAccessRequests/{id}:approve`), or null. */
export function decisionPostId(path: string): string | null {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // keep the raw path
  }
  const m = /\/participantAccessRequests\/([^/]+):(approve|reject)$/.exec(decoded);
  return m ? (m[1] as string) : null;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs one chaos run and reports what every decision claimed against what the server recorded. */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const { seed, decisions: total, faultRate } = options;
  const timeoutMs = options.timeoutMs ?? 400;
  const plan = createRng(seed, 'chaos-plan');
  const supply = createRng(seed, 'chaos-supply');

  const report: ChaosReport = {
    seed,
    faultRate,
    total,
    outcomes: { applied: 0, 'already-decided': 0, 'not-applied': 0, unknown: 0 },
    refused: 0,
    reconciled: 0,
    unknownButApplied: 0,
    unknownRechecked: 0,
    misreported: 0,
    lost: 0,
    duplicatePosts: 0,
    consoleRegressions: 0,
    doubleClicks: 0,
    doubleClickRefused: 0,
    retries: 0,
    forcedRaces: 0,
    readOnlyDecisions: 0,
    faults: {},
    byPostFault: {},
    violations: [],
    durationMs: 0,
  };
  const violation = (text: string) => {
    if (report.violations.length < MAX_VIOLATIONS) report.violations.push(text);
  };
  const countFault = (route: Route, pick: FaultPick | string) => {
    const key = `${route}:${typeof pick === 'string' ? pick : pick.label}`;
    report.faults[key] = (report.faults[key] ?? 0) + 1;
  };

  const dir = mkdtempSync(join(tmpdir(), 'fx-chaos-'));
  let sim: SimulatorHandle | null = null;
  let core: ConsoleCore | null = null;
  try {
    sim = await startSimulator({ seed, pending: 30, secondOperator: options.secondOperatorMs ?? { minMs: 50, maxMs: 200 } });
    const s = sim;
    const me = s.operatorUserId;
    const readOnlyAgent = s.facts.readOnlyAgentId;
    const people = s.control.listParticipants().filter((p) => p.kind === 'PERSON');
    core = createConsoleCore({
      host: { version: '0.0.0-chaos', host: 'browser', platform: process.platform },
      env: { FRUXON_API_URL: s.url, FRUXON_TENANT: s.tenant, FRUXON_TOKEN: s.token },
      dataStore: createJsonFileStore(dir),
      vault: createMemoryVault(null),
      startDemo: () => Promise.reject(new Error('chaos runs use their own simulator')),
      notify: () => undefined,
      openExternal: async () => undefined,
      api: { timeoutMs, retryBaseMs: 5, getRetries: 2 },
      random: createRng(seed, 'chaos-core').next,
      timers: frozenTimers,
    });
    const c = core;
    const refresh = () => c.handlers['queue:refresh-now'](undefined);
    await c.start();
    await refresh();

    /** POSTs seen per request id, harvested from the log after every step. */
    const posts = new Map<string, number>();
    /** Decision calls per request id that were allowed to send (not refused). */
    const sent = new Map<string, number>();
    const harvest = () => {
      for (const e of s.control.requestLog()) {
        if (e.method !== 'POST') continue;
        const id = decisionPostId(e.path);
        if (id) posts.set(id, (posts.get(id) ?? 0) + 1);
      }
      s.control.resetLog();
    };
    /** Last decision per request id: what was reported, and whether it was already counted as a violation. */
    const last = new Map<string, { kind: ResultKind; flagged: boolean; label: string }>();
    /** Requests whose decision I applied: status the console must keep showing. */
    const applied = new Map<string, 'APPROVED' | 'REJECTED'>();
    const retryable = new Set<string>();

    /** Keeps enough undecided requests on the server: Alice takes several per second. */
    const topUp = () => {
      const pending = s.control.listRequests().filter((r) => r.status === 'PENDING' && !last.has(r.id));
      const readOnly = pending.filter((r) => r.agentId === readOnlyAgent).length;
      for (let i = pending.length - readOnly; i < 12; i += 1) {
        const partial: Partial<RawRequest> = supply.chance(0.3) && people.length > 0 ? { matchedParticipantId: supply.pick(people).id } : {};
        s.control.addPendingRequest(partial);
      }
      for (let i = readOnly; i < 2; i += 1) s.control.addPendingRequest({ agentId: readOnlyAgent });
    };

    const pendingInConsole = (): RequestView[] => c.snapshot().requests.filter((r) => r.status === 'PENDING' && r.workspaceId === WS);

    for (let step = 0; step < total; step += 1) {
      const p = drawPlan(plan, faultRate);
      harvest();
      s.control.clearFaults();
      topUp();

      if (p.refresh) {
        if (p.listFault) {
          s.control.injectFault({ route: 'list-requests', times: p.listFault.times, action: p.listFault.action });
          countFault('list-requests', p.listFault);
        }
        await refresh();
        s.control.clearFaults();
      }

      // Pick the target from what the console shows (possibly stale: that is a race too).
      let candidates = pendingInConsole();
      const fresh = (r: RequestView) => !last.has(r.id) && r.agentId !== readOnlyAgent;
      if (!candidates.some(fresh)) {
        await refresh();
        candidates = pendingInConsole();
      }
      const pools: Record<StepPlan['target'], RequestView[]> = {
        normal: candidates.filter(fresh),
        retry: candidates.filter((r) => retryable.has(r.id)),
        'read-only': candidates.filter((r) => r.agentId === readOnlyAgent && !last.has(r.id)),
      };
      let target = p.target;
      if (pools[target].length === 0) target = 'normal';
      const pool = pools[target];
      if (pool.length === 0) {
        const ws = c.snapshot().workspaces[0];
        violation(`step ${step}: the console shows no pending request to decide (${JSON.stringify(ws?.poll)}; server pending ${s.control.listRequests().filter((r) => r.status === 'PENDING').length}, console pending ${candidates.length})`);
        continue;
      }
      const row = pool[Math.floor(p.rank * pool.length)] as RequestView;
      const id = row.id;
      if (target === 'retry') report.retries += 1;
      if (target === 'read-only') report.readOnlyDecisions += 1;
      retryable.delete(id);

      const modes: ApproveInput['mode'][] = ['CREATE_NEW', 'ADD_TO_EXISTING', ...(row.matchedParticipantId ? (['BIND_ONLY'] as const) : [])];
      const person = people[Math.floor(p.participantDraw * people.length)];
      // ADD_TO_EXISTING needs a real participant; without one only CREATE_NEW/BIND_ONLY are valid.
      const drawn = modes[Math.floor(p.modeDraw * modes.length)] as ApproveInput['mode'];
      const mode = drawn === 'ADD_TO_EXISTING' && !person ? 'CREATE_NEW' : drawn;
      const approveInput: ApproveInput = {
        workspaceId: WS,
        requestId: id,
        mode,
        ...(mode === 'ADD_TO_EXISTING' && person ? { participantId: person.id } : {}),
        ...(mode === 'CREATE_NEW' && p.withName ? { displayName: `Chaos ${seed}-${step}` } : {}),
        ...(p.withNote ? { note: `chaos step ${step}` } : {}),
      };
      const rejectInput: RejectInput = { workspaceId: WS, requestId: id, ...(p.withNote ? { note: `chaos step ${step}` } : {}) };
      const call = (verb: Verb): Promise<Result<DecisionOutcome>> =>
        verb === 'approve' ? c.handlers['requests:approve'](approveInput) : c.handlers['requests:reject'](rejectInput);

      // Faults for this decision.
      const labels: string[] = [];
      let postLabel = 'none';
      if (p.race === 'during') {
        s.control.injectFault({ route: p.verb, action: { kind: 'latency', ms: 80 } });
        postLabel = 'race-during';
        labels.push('post:latency+alice');
      } else if (p.post) {
        s.control.injectFault({ route: p.verb, times: p.post.times, action: p.post.action });
        countFault(p.verb, p.post);
        postLabel = p.post.label;
        labels.push(`post:${p.post.label}`);
      }
      if (p.storm !== 'none') {
        s.control.injectFault({ route: 'get-request', times: 12, action: p.storm === 'reset' ? { kind: 'reset' } : { kind: 'status', status: 503 } });
        countFault('get-request', `storm-${p.storm}`);
        labels.push(`read-back:storm-${p.storm}`);
      } else if (p.readBack) {
        s.control.injectFault({ route: 'get-request', times: p.readBack.times, action: p.readBack.action });
        countFault('get-request', p.readBack);
        labels.push(`read-back:${p.readBack.label}`);
      }

      const alice = p.aliceApproves ? 'APPROVED' : 'REJECTED';
      const aliceDecides = () => {
        try {
          s.control.decideAsOtherOperator(id, alice);
        } catch {
          // already decided (by Alice's own loop, or by me): the race resolved itself
        }
      };
      let during: Promise<void> = Promise.resolve();
      if (p.race === 'before') {
        report.forcedRaces += 1;
        labels.push('alice-before');
        aliceDecides();
      } else if (p.race === 'during') {
        report.forcedRaces += 1;
        during = delay(20).then(aliceDecides);
      }

      const first = call(p.verb);
      const second = p.double === 'none' ? null : call(p.double === 'same' ? p.verb : p.verb === 'approve' ? 'reject' : 'approve');
      const [res, res2] = await Promise.all([first, second]);
      await during;
      const truth = s.control.getRequest(id);
      const what = `seed ${seed} step ${step} ${p.verb}${p.verb === 'approve' ? `/${mode}` : ''} ${id} [${labels.join(', ') || 'no fault'}]`;

      if (res2 !== null) {
        report.doubleClicks += 1;
        // While the first call is in flight the second must be refused as in progress; when the
        // first was itself refused (offline), the second is refused for the same reason.
        if (!res2.ok && (res2.error.code === 'in-progress' || !res.ok)) report.doubleClickRefused += 1;
        else violation(`${what}: the second click was not refused as in progress (${res2.ok ? res2.value.outcome : res2.error.code})`);
      }

      const kind: ResultKind = res.ok ? res.value.outcome : 'refused';
      const byFault = (report.byPostFault[postLabel] ??= emptyKinds());
      byFault[kind] += 1;
      if (res.ok) report.outcomes[res.value.outcome] += 1;
      else report.refused += 1;
      if (res.ok) sent.set(id, (sent.get(id) ?? 0) + 1);

      const intended = p.verb === 'approve' ? 'APPROVED' : 'REJECTED';
      const mine = truth !== undefined && truth.status !== 'PENDING' && truth.processedBy === me;
      const server = truth ? `${truth.status}${truth.processedBy ? ` by ${truth.processedBy === me ? 'me' : truth.processedBy}` : ''}` : 'gone';
      let flagged = false;
      const misreport = (text: string) => {
        report.misreported += 1;
        flagged = true;
        violation(`MISREPORTED ${what}: ${text}; server has ${server}`);
      };
      const lose = (text: string) => {
        report.lost += 1;
        flagged = true;
        violation(`LOST ${what}: ${text}; server has ${server}`);
      };

      if (!res.ok) {
        if (mine) lose(`refused (${res.error.code}) although the server applied it`);
      } else {
        const out = res.value;
        switch (out.outcome) {
          case 'applied':
            if (!mine || truth?.status !== intended) misreport('reported applied');
            else if (out.request.status !== intended || out.request.processedBy !== me) misreport(`applied, but the returned row says ${out.request.status} by ${out.request.processedBy}`);
            else {
              applied.set(id, intended);
              if (out.reconciled) report.reconciled += 1;
            }
            break;
          case 'already-decided':
            if (mine) lose('reported already decided by someone else');
            else if (!truth || truth.status === 'PENDING') misreport('reported already decided');
            else if (out.request.status !== truth.status || out.request.processedBy !== truth.processedBy) {
              misreport(`already decided, but shown as ${out.request.status} by ${out.request.processedBy}`);
            }
            break;
          case 'not-applied':
            if (mine) lose(`reported not applied (${out.error.code})`);
            else if (p.post?.label === 'status-429' && !/rate limited.*try again in 7 s/i.test(out.error.message)) {
              // F27: a 429 on a decision says "not submitted (rate limited)" with the server's wait.
              misreport(`429 reported as "${out.error.message}"`);
            }
            else if (truth?.status === 'PENDING' && out.error.code !== 'forbidden') retryable.add(id);
            break;
          case 'unknown': {
            if (mine) report.unknownButApplied += 1;
            // The operator checks again once the connection is back: the detail must tell the truth.
            s.control.clearFaults();
            const detail = await c.handlers['requests:get']({ workspaceId: WS, requestId: id });
            const now = s.control.getRequest(id);
            if (detail.ok && now && detail.value.request.status === now.status && detail.value.request.processedBy === now.processedBy) {
              report.unknownRechecked += 1;
              if (now.status !== 'PENDING' && now.processedBy === me) applied.set(id, now.status as 'APPROVED' | 'REJECTED');
            } else if (detail.ok) {
              misreport(`unknown; the later re-check showed ${detail.value.request.status} by ${detail.value.request.processedBy}`);
            }
            break;
          }
        }
      }
      last.set(id, { kind, flagged, label: what });

      // F33: once applied, the console must never show the row differently again.
      const views = new Map(c.snapshot().requests.map((r) => [r.id, r] as const));
      for (const [rid, status] of applied) {
        const v = views.get(rid);
        if (v && v.status !== status) {
          report.consoleRegressions += 1;
          violation(`REGRESSION seed ${seed} step ${step}: ${rid} applied as ${status} but the console shows ${v.status}`);
          applied.delete(rid);
        }
      }
      options.onProgress?.(step + 1, total);
    }

    // Let stragglers settle (a hung request the server applies late would show up now), then sweep.
    s.control.clearFaults();
    await delay(timeoutMs + 100);
    harvest();
    await refresh();
    for (const [id, l] of last) {
      const truth = s.control.getRequest(id);
      const mine = truth !== undefined && truth.status !== 'PENDING' && truth.processedBy === me;
      if (mine && !l.flagged && (l.kind === 'not-applied' || l.kind === 'already-decided' || l.kind === 'refused')) {
        report.lost += 1;
        violation(`LOST (late) ${l.label}: reported ${l.kind}, the server applied it afterwards`);
      }
      const extra = (posts.get(id) ?? 0) - (sent.get(id) ?? 0);
      if (extra > 0) {
        report.duplicatePosts += extra;
        violation(`DUPLICATE POST ${l.label}: ${posts.get(id)} POSTs for ${sent.get(id) ?? 0} sent decision(s)`);
      }
    }
    for (const [id, n] of posts) {
      if (!last.has(id)) {
        report.duplicatePosts += n;
        violation(`DUPLICATE POST seed ${seed}: ${n} POST(s) for ${id}, which the run never decided`);
      }
    }
  } finally {
    await core?.stop();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  report.durationMs = Date.now() - started;
  return report;
}

/** Sums reports of several seeds (for tables). */
export function sumReports(reports: readonly ChaosReport[]): Omit<ChaosReport, 'seed' | 'faultRate' | 'faults' | 'byPostFault' | 'violations'> & { violations: number } {
  const sum = {
    total: 0,
    outcomes: { applied: 0, 'already-decided': 0, 'not-applied': 0, unknown: 0 } as Record<OutcomeKind, number>,
    refused: 0,
    reconciled: 0,
    unknownButApplied: 0,
    unknownRechecked: 0,
    misreported: 0,
    lost: 0,
    duplicatePosts: 0,
    consoleRegressions: 0,
    doubleClicks: 0,
    doubleClickRefused: 0,
    retries: 0,
    forcedRaces: 0,
    readOnlyDecisions: 0,
    violations: 0,
    durationMs: 0,
  };
  for (const r of reports) {
    sum.total += r.total;
    for (const k of Object.keys(sum.outcomes) as OutcomeKind[]) sum.outcomes[k] += r.outcomes[k];
    sum.refused += r.refused;
    sum.reconciled += r.reconciled;
    sum.unknownButApplied += r.unknownButApplied;
    sum.unknownRechecked += r.unknownRechecked;
    sum.misreported += r.misreported;
    sum.lost += r.lost;
    sum.duplicatePosts += r.duplicatePosts;
    sum.consoleRegressions += r.consoleRegressions;
    sum.doubleClicks += r.doubleClicks;
    sum.doubleClickRefused += r.doubleClickRefused;
    sum.retries += r.retries;
    sum.forcedRaces += r.forcedRaces;
    sum.readOnlyDecisions += r.readOnlyDecisions;
    sum.violations += r.violations.length;
    sum.durationMs += r.durationMs;
  }
  return sum;
}
