/**
 * Chaos run over decisions (PRODUCT.md: "decisions that are never lost or misreported under
 * faults"). A real simulator with a fast second operator, a real console core talking HTTP to
 * it, and a seeded plan of approve/reject decisions with faults injected on the decision,
 * read-back, list and auth/health routes. After every decision the reported outcome is judged
 * (`judge`) against the simulator's own record of the request (status, processedBy, and when
 * the other operator decided relative to the call), unknown outcomes are re-checked, and the
 * simulator's request log is used to count the POSTs each decision sent: never more than one.
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
  /** auth/health answered 503 from start-up through the first IDENTITY_UNKNOWN_STEPS decisions, so the console began without knowing who it is. */
  identityDownAtStart: boolean;
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
  /**
   * The bound on `unknown`: decisions whose plan made an unknown outcome honest (an ambiguous POST
   * failure with the read-back failing too, or the console not knowing who it is). Every unknown
   * must be one of these; one that is not is a misreport.
   */
  unknownAllowed: number;
  /** "Already decided, could not read by whom" (400 not pending, read-back failed): re-checked like unknown. */
  decidedUnnamed: number;
  /** Steps that waited out the server's Retry-After on the list before a request to decide was in the console (F24). */
  listWaits: number;
  /** Outcomes where the other operator had decided before my call started: each must say so and name them. */
  otherDecidedFirst: number;
  /** Decisions made while the console did not know who it is (auth/health failed, nothing confirmed it yet). */
  whileIdentityUnknown: number;
  /** Reported something the server does not show (applied but not mine, already-decided while pending, …). Must be 0. */
  misreported: number;
  /** The server applied my decision but the console said not-applied, already-decided or refused. Must be 0. */
  lost: number;
  /** POSTs beyond the one each sent decision may make (none for a refused one), per decision, from the simulator's request log. Must be 0. */
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
type Route = 'approve' | 'reject' | 'get-request' | 'list-requests' | 'auth-health';
interface FaultPick {
  label: string;
  action: FaultAction;
  times: number;
  /** The decision may have been applied or not: only a read-back can tell. */
  ambiguous: boolean;
}

const WS = 'env';
const MAX_VIOLATIONS = 50;
const DRAWS_PER_STEP = 22;

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

/** Faults on auth/health: the start-up identity check and the offline probe (F35). */
function healthFault(u: number): FaultPick {
  return weighted<FaultPick>(u, [
    [2, { label: 'status-503', action: { kind: 'status', status: 503 }, times: 1, ambiguous: false }],
    [2, { label: 'reset', action: { kind: 'reset' }, times: 1, ambiguous: false }],
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
  /** auth/health (the console's connectivity probe) answers this instead, once. */
  health: FaultPick | null;
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
    health: at(20) < faultRate ? healthFault(at(21)) : null,
  };
}

/** Decisions made while the console cannot know who it is (seeds that start with auth/health down). */
export const IDENTITY_UNKNOWN_STEPS = 8;
const RESET_AFTER_APPLY: FaultPick = { label: 'reset-after-apply', action: { kind: 'reset-after-apply' }, times: 1, ambiguous: true };
const HANG_AFTER_APPLY: FaultPick = { label: 'hang-after-apply', action: { kind: 'hang-after-apply' }, times: 1, ambiguous: true };

/**
 * While auth/health has been down since start-up, the first decisions fail ambiguously after the
 * server applied them (so none of them teaches the console who it is), and every other one races
 * the second operator making the same decision first: the read-back then shows the intended
 * status, and only an honest console says "unknown" instead of claiming it (F30, F32).
 */
function identityUnknownStep(p: StepPlan, step: number): StepPlan {
  // No list faults meanwhile: an offline probe's auth/health answer would teach the identity early.
  return {
    ...p,
    refresh: false,
    listFault: null,
    health: null,
    race: step % 2 === 1 ? 'before' : 'none',
    aliceApproves: p.verb === 'approve',
    post: step % 3 === 0 ? HANG_AFTER_APPLY : RESET_AFTER_APPLY,
    storm: 'none',
    double: 'none',
  };
}

/** Half the seeds start with auth/health down, so the console does not know who it is at first. */
export function identityDownAtStartFor(seed: number): boolean {
  return createRng(seed, 'chaos-identity').next() < 0.5;
}

/** Step `step` of a seed's plan, given the draws. */
function planStep(drawn: StepPlan, step: number, identityDown: boolean): StepPlan {
  return identityDown && step < IDENTITY_UNKNOWN_STEPS ? identityUnknownStep(drawn, step) : drawn;
}

/** The plan a seed draws (the same draws runChaos makes), for tests that check what a run exercises. */
export function planFor(seed: number, decisions: number, faultRate: number): StepPlan[] {
  const rng = createRng(seed, 'chaos-plan');
  const down = identityDownAtStartFor(seed);
  return Array.from({ length: decisions }, (_, step) => planStep(drawPlan(rng, faultRate), step, down));
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

/** The server's record of a request, as the oracle reads it from the simulator. */
export interface ServerRecord {
  status: string;
  processedBy: string | null;
}

/** Everything the oracle knows about one decision call. */
export interface DecisionCase {
  /** Label for violations. */
  what: string;
  intended: 'APPROVED' | 'REJECTED';
  /** The signed-in operator's user id. */
  me: string;
  result: Result<DecisionOutcome>;
  /** The server's record right after the call (undefined: the request is gone). */
  truth: ServerRecord | undefined;
  /**
   * The other operator's decision on this request, if any, and when it happened relative to my
   * call: before it started, while it was in flight, or after it answered.
   */
  other: { when: 'before' | 'during' | 'after'; name: string } | null;
  /** The plan put an ambiguous fault on the POST, and the POST was made (it may or may not have been applied). */
  postAmbiguous: boolean;
  /** The plan made every read-back fail (12 failures in a row). */
  readBackStorm: boolean;
  /** The console knew who it is (auth/health answered, or a decision confirmed it) when the call started. */
  identityKnown: boolean;
  /** The plan answered the POST with 429 and Retry-After: 7 (and the POST was made). */
  post429: boolean;
  /** The decision reached the server as a POST (false: the console refused it before sending). */
  sent: boolean;
}

export interface Verdict {
  /** Claims the server contradicts (or that leave out what the server shows). */
  misreported: string[];
  /** My decision is on the server but the operator was told otherwise. */
  lost: string[];
  /** The outcome leaves the truth to a later check ("unknown", or "decided, could not read by whom"). */
  recheck: 'unknown' | 'unnamed' | null;
  /** A not-applied decision on a request that is still pending: the operator may retry it. */
  retryable: boolean;
  /** The unknown outcome was honest given the plan (counts towards the bound). */
  unknownAllowed: boolean;
}

/**
 * The oracle for one decision: what the operator was told, against the server's record.
 *   refused        → must not be on the server as mine.
 *   applied        → the server shows my decision, and the returned row says the same.
 *   already-decided→ someone else's decision is on the server, the returned row matches it, and it
 *                    names them (the name the other operator acts under).
 *   not-applied    → not mine on the server; never with a decided row in hand; and if the other
 *                    operator had decided before my call started, the outcome must say so and name
 *                    them (the only exception: the server said "not pending" and the read-back
 *                    failed, which must say "already decided" and is re-checked, and a request
 *                    refused unsent (a read-only agent's, or one asked for during a 429's wait)
 *                    while every read-back failed); a 429 says "not submitted (rate limited) – try
 *                    again in 7 s".
 *   unknown        → only where the plan made it honest (ambiguous POST failure and a read-back
 *                    that cannot work, or an identity the console cannot know); always re-checked.
 */
export function judge(c: DecisionCase): Verdict {
  const v: Verdict = { misreported: [], lost: [], recheck: null, retryable: false, unknownAllowed: false };
  const truth = c.truth;
  const mine = truth !== undefined && truth.status !== 'PENDING' && truth.processedBy === c.me;
  const theirs = truth !== undefined && truth.status !== 'PENDING' && truth.processedBy !== c.me;
  if (!c.result.ok) {
    if (mine) v.lost.push(`refused (${c.result.error.code}) although the server applied it`);
    return v;
  }
  const out = c.result.value;
  switch (out.outcome) {
    case 'applied':
      if (!mine || truth?.status !== c.intended) v.misreported.push('reported applied');
      else if (out.request.status !== c.intended || out.request.processedBy !== c.me) {
        v.misreported.push(`applied, but the returned row says ${out.request.status} by ${out.request.processedBy}`);
      }
      break;
    case 'already-decided':
      if (mine) v.lost.push('reported already decided by someone else');
      else if (!theirs) v.misreported.push('reported already decided');
      else if (out.request.status !== truth.status || out.request.processedBy !== truth.processedBy) {
        v.misreported.push(`already decided, but shown as ${out.request.status} by ${out.request.processedBy}`);
      } else if (c.other && out.request.processedByName !== c.other.name) {
        v.misreported.push(`already decided, but names ${JSON.stringify(out.request.processedByName)} instead of ${c.other.name}`);
      }
      break;
    case 'not-applied': {
      const code = out.error.code;
      if (mine) {
        v.lost.push(`reported not applied (${code})`);
        break;
      }
      if (out.request && out.request.status !== 'PENDING') {
        v.misreported.push(`not applied (${code}) although its own row says ${out.request.status} by ${out.request.processedBy}`);
        break;
      }
      if (theirs && c.other?.when === 'before') {
        // Refused unsent for a read-only agent (F22), or while the server's wait after a 429 runs
        // (F27), and every read-back failed: the console could not see the other decision, and "not
        // submitted, no Editor role" or "not submitted (rate limited)" is the whole truth.
        if ((code === 'forbidden' || code === 'rate-limited') && !c.sent && c.readBackStorm) break;
        if (code === 'not-pending' && /already decided/i.test(out.error.message)) v.recheck = 'unnamed';
        else v.misreported.push(`not applied (${code}: "${out.error.message}") although ${c.other.name} had decided it before the call; the outcome must say so and name them`);
        break;
      }
      if (c.post429 && !theirs && !/rate limited.*try again in 7 s/i.test(out.error.message)) {
        // F27: a 429 on a decision says "not submitted (rate limited)" with the server's wait.
        v.misreported.push(`429 reported as "${out.error.message}"`);
        break;
      }
      if (truth?.status === 'PENDING' && code !== 'forbidden') v.retryable = true;
      break;
    }
    case 'unknown':
      v.recheck = 'unknown';
      v.unknownAllowed = c.postAmbiguous && (c.readBackStorm || !c.identityKnown);
      if (!v.unknownAllowed) {
        v.misreported.push(`unknown (${out.error.code}) although the read-back could work and the console knew who it is; the server has ${truth?.status ?? 'nothing'}`);
      }
      break;
  }
  return v;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs one chaos run and reports what every decision claimed against what the server recorded. */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const { seed, decisions: total, faultRate } = options;
  const timeoutMs = options.timeoutMs ?? 400;
  const plan = createRng(seed, 'chaos-plan');
  const supply = createRng(seed, 'chaos-supply');
  const identityDownAtStart = identityDownAtStartFor(seed);

  const report: ChaosReport = {
    seed,
    faultRate,
    ...zeroCounts(),
    total,
    identityDownAtStart,
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

  /** One clock for the simulator's events and the oracle's calls: orders "Alice decided" against "my call". */
  let tick = 0;
  /** The other operator's decision per request: when (tick) and under which name. */
  const otherDecision = new Map<string, { at: number; name: string }>();

  const dir = mkdtempSync(join(tmpdir(), 'fx-chaos-'));
  let sim: SimulatorHandle | null = null;
  let core: ConsoleCore | null = null;
  try {
    sim = await startSimulator({
      seed,
      pending: 30,
      secondOperator: options.secondOperatorMs ?? { minMs: 50, maxMs: 200 },
      onEvent: (e) => {
        // Only the other operator's decisions are events; mine arrive over HTTP.
        if (e.type === 'request-decided') otherDecision.set(e.request.id, { at: ++tick, name: e.by });
      },
    });
    const s = sim;
    const me = s.operatorUserId;
    const readOnlyAgent = s.facts.readOnlyAgentId;
    const people = s.control.listParticipants().filter((p) => p.kind === 'PERSON');
    // auth/health is down from start-up through the identity-unknown steps (re-queued after every clear).
    const identityDown = (step: number) => {
      if (identityDownAtStart && step < IDENTITY_UNKNOWN_STEPS) s.control.injectFault({ route: 'auth-health', times: Infinity, action: { kind: 'status', status: 503 } });
    };
    identityDown(0);
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

    /** Whether the console knows who it is: an auth/health answer it could read, or a direct 200 to a decision. */
    let identityKnown = false;
    /** The simulator's log since the last harvest. auth/health faults are counted here, as they land (probes run in the background). */
    let phase = 'start-up ';
    const harvest = () => {
      const entries = s.control.requestLog();
      s.control.resetLog();
      for (const e of entries) {
        if (!e.path.endsWith('/auth/health')) continue;
        if (e.status === 200) identityKnown = true;
        else countFault('auth-health', `${phase}${e.status === 0 ? 'reset' : `status-${e.status}`}`);
      }
      return entries;
    };
    /** POSTs per request id in a slice of the log. */
    const postsIn = (entries: ReturnType<typeof harvest>) => {
      const m = new Map<string, number>();
      for (const e of entries) {
        if (e.method !== 'POST') continue;
        const id = decisionPostId(e.path);
        if (id) m.set(id, (m.get(id) ?? 0) + 1);
      }
      return m;
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

    /** After an outcome that leaves the truth open: with faults gone, the detail must show the server's record. */
    const recheck = async (id: string, what: string): Promise<boolean> => {
      s.control.clearFaults();
      const startedAt = ++tick;
      const detail = await c.handlers['requests:get']({ workspaceId: WS, requestId: id });
      const now = s.control.getRequest(id);
      if (!detail.ok) {
        report.misreported += 1;
        violation(`RE-CHECK FAILED ${what}: requests:get answered ${detail.error.code} (${detail.error.message})`);
        return false;
      }
      const shown = detail.value.request;
      // The other operator may decide it while the re-check is in flight: then PENDING was true when read.
      const racedByOther = shown.status === 'PENDING' && (otherDecision.get(id)?.at ?? 0) > startedAt;
      if (!now || (!racedByOther && (shown.status !== now.status || shown.processedBy !== now.processedBy))) {
        report.misreported += 1;
        violation(`RE-CHECK WRONG ${what}: the detail shows ${shown.status} by ${shown.processedBy}; server has ${now?.status} by ${now?.processedBy}`);
        return false;
      }
      if (now.status !== 'PENDING' && now.processedBy === me) applied.set(id, now.status as 'APPROVED' | 'REJECTED');
      return true;
    };

    for (let step = 0; step < total; step += 1) {
      const p = planStep(drawPlan(plan, faultRate), step, identityDownAtStart);
      harvest();
      phase = step < IDENTITY_UNKNOWN_STEPS && identityDownAtStart ? 'start-up ' : '';
      s.control.clearFaults();
      identityDown(step);
      topUp();

      if (p.refresh) {
        if (p.listFault) {
          s.control.injectFault({ route: 'list-requests', times: p.listFault.times, action: p.listFault.action });
          countFault('list-requests', p.listFault);
        }
        await refresh();
        s.control.clearFaults();
        // Offline now (F35): the operator refreshes again, and the console's auth/health probe meets
        // the planned fault: a reset keeps it offline (decisions refused), a 503 is an answer.
        if (p.health && c.snapshot().workspaces[0]?.poll.state === 'offline') {
          s.control.injectFault({ route: 'auth-health', times: p.health.times, action: p.health.action });
          await refresh();
          s.control.clearFaults();
        }
      }

      // Pick the target from what the console shows (possibly stale: that is a race too).
      let candidates = pendingInConsole();
      const fresh = (r: RequestView) => !last.has(r.id) && r.agentId !== readOnlyAgent;
      if (!candidates.some(fresh)) {
        await refresh();
        candidates = pendingInConsole();
        // A planned 429 on the list: the console rightly lists nothing before the server's wait is
        // over, Refresh included (F24), so the requests added since are not in it yet. An operator
        // waits it out; so does the run (a console that lost its queue is still caught below).
        // (Retrying a request that was not applied is what an operator does meanwhile: see the pools.)
        const poll = c.snapshot().workspaces[0]?.poll;
        if (!candidates.some((r) => fresh(r) || retryable.has(r.id)) && poll?.state === 'rate-limited' && poll.nextPollAt !== null) {
          report.listWaits += 1;
          // The other operator keeps deciding meanwhile: keep requests coming on the server.
          while (Date.now() < poll.nextPollAt + 100) {
            topUp();
            await delay(250);
          }
          await refresh();
          candidates = pendingInConsole();
        }
      }
      const pools: Record<StepPlan['target'], RequestView[]> = {
        normal: candidates.filter(fresh),
        retry: candidates.filter((r) => retryable.has(r.id)),
        'read-only': candidates.filter((r) => r.agentId === readOnlyAgent && !last.has(r.id)),
      };
      let target = p.target;
      if (pools[target].length === 0) target = 'normal';
      // Nothing new in the console yet (the list is rate-limited): retry one not applied instead.
      if (pools[target].length === 0 && pools.retry.length > 0) target = 'retry';
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

      harvest(); // identity learnt so far; the log from here on is this decision's
      const knewIdentity = identityKnown;
      if (!knewIdentity) report.whileIdentityUnknown += 1;
      const startTick = ++tick;
      let endTick = Number.POSITIVE_INFINITY;
      const first = call(p.verb).then((r) => {
        endTick = ++tick;
        return r;
      });
      const second = p.double === 'none' ? null : call(p.double === 'same' ? p.verb : p.verb === 'approve' ? 'reject' : 'approve');
      const [res, res2] = await Promise.all([first, second]);
      await during;
      const truth = s.control.getRequest(id);
      const stepLog = harvest();
      const what = `seed ${seed} step ${step} ${p.verb}${p.verb === 'approve' ? `/${mode}` : ''} ${id} [${labels.join(', ') || 'no fault'}${knewIdentity ? '' : ', identity unknown'}]`;

      if (res2 !== null) {
        report.doubleClicks += 1;
        // While the first call is in flight the second must be refused as in progress; when the
        // first was itself refused (offline), the second is refused for the same reason.
        if (!res2.ok && (res2.error.code === 'in-progress' || !res.ok)) report.doubleClickRefused += 1;
        else violation(`${what}: the second click was not refused as in progress (${res2.ok ? res2.value.outcome : res2.error.code})`);
      }

      const kind: ResultKind = res.ok ? res.value.outcome : 'refused';
      const posts = postsIn(stepLog);
      const sent = (posts.get(id) ?? 0) > 0;
      // An answer without a POST (a read-only agent's request, F22): its planned POST fault never met it.
      const byFault = (report.byPostFault[res.ok && !sent ? "not sent (read-only agent, or during a 429's wait)" : postLabel] ??= emptyKinds());
      byFault[kind] += 1;
      if (res.ok) report.outcomes[res.value.outcome] += 1;
      else report.refused += 1;
      if (res.ok && res.value.outcome === 'applied' && !res.value.reconciled) identityKnown = true;

      // Duplicate POSTs, per decision: a sent decision makes at most one POST, a refused one none,
      // and nothing else may be posted meanwhile.
      const allowed = (res.ok ? 1 : 0) + (res2?.ok ? 1 : 0);
      const extra = Math.max(0, (posts.get(id) ?? 0) - allowed);
      let flagged = false;
      if (extra > 0) {
        report.duplicatePosts += extra;
        flagged = true;
        violation(`DUPLICATE POST ${what}: ${posts.get(id)} POSTs for ${allowed} decision(s) allowed to send`);
      }
      for (const [other, n] of posts) {
        if (other === id) continue;
        report.duplicatePosts += n;
        violation(`DUPLICATE POST ${what}: ${n} POST(s) for ${other}, which this step did not decide`);
      }

      const od = otherDecision.get(id);
      const other = od ? { name: od.name, when: od.at < startTick ? ('before' as const) : od.at < endTick ? ('during' as const) : ('after' as const) } : null;
      if (other?.when === 'before' && truth && truth.status !== 'PENDING' && truth.processedBy !== me) report.otherDecidedFirst += 1;
      const verdict = judge({
        what,
        intended: p.verb === 'approve' ? 'APPROVED' : 'REJECTED',
        me,
        result: res,
        truth,
        other,
        // A planned POST fault counts only when the POST was made: a read-only agent's request is
        // refused before anything is sent (F22), and then the fault never met the decision.
        postAmbiguous: sent && p.race !== 'during' && p.post?.ambiguous === true,
        readBackStorm: p.storm !== 'none',
        identityKnown: knewIdentity,
        post429: sent && p.race !== 'during' && p.post?.label === 'status-429',
        sent,
      });
      const server = truth ? `${truth.status}${truth.processedBy ? ` by ${truth.processedBy === me ? 'me' : (other?.name ?? truth.processedBy)}` : ''}${other ? ` (decided ${other.when} my call)` : ''}` : 'gone';
      for (const text of verdict.misreported) {
        report.misreported += 1;
        flagged = true;
        violation(`MISREPORTED ${what}: ${text}; server has ${server}`);
      }
      for (const text of verdict.lost) {
        report.lost += 1;
        flagged = true;
        violation(`LOST ${what}: ${text}; server has ${server}`);
      }
      if (verdict.retryable) retryable.add(id);
      if (verdict.unknownAllowed) report.unknownAllowed += 1;
      if (res.ok && res.value.outcome === 'applied') {
        if (verdict.misreported.length === 0 && verdict.lost.length === 0) applied.set(id, res.value.request.status as 'APPROVED' | 'REJECTED');
        if (res.value.reconciled && verdict.misreported.length === 0) report.reconciled += 1;
      }
      if (verdict.recheck === 'unknown') {
        const mine = truth !== undefined && truth.status !== 'PENDING' && truth.processedBy === me;
        if (mine) report.unknownButApplied += 1;
        // The operator checks again once the connection is back: the detail must tell the truth.
        if (await recheck(id, what)) report.unknownRechecked += 1;
        else flagged = true;
      } else if (verdict.recheck === 'unnamed') {
        report.decidedUnnamed += 1;
        if (!(await recheck(id, what))) flagged = true;
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
    const tail = harvest();
    await refresh();
    for (const [id, l] of last) {
      const truth = s.control.getRequest(id);
      const mine = truth !== undefined && truth.status !== 'PENDING' && truth.processedBy === me;
      if (mine && !l.flagged && (l.kind === 'not-applied' || l.kind === 'already-decided' || l.kind === 'refused')) {
        report.lost += 1;
        violation(`LOST (late) ${l.label}: reported ${l.kind}, the server applied it afterwards`);
      }
    }
    for (const [id, n] of postsIn(tail)) {
      report.duplicatePosts += n;
      violation(`DUPLICATE POST seed ${seed}: ${n} late POST(s) for ${id} after the run`);
    }
  } finally {
    await core?.stop();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  report.durationMs = Date.now() - started;
  return report;
}

/** Every counter of a report at zero: one list for a run's report and for sumReports. */
function zeroCounts() {
  return {
    total: 0,
    outcomes: { applied: 0, 'already-decided': 0, 'not-applied': 0, unknown: 0 } as Record<OutcomeKind, number>,
    refused: 0,
    reconciled: 0,
    unknownButApplied: 0,
    unknownRechecked: 0,
    unknownAllowed: 0,
    decidedUnnamed: 0,
    listWaits: 0,
    otherDecidedFirst: 0,
    whileIdentityUnknown: 0,
    misreported: 0,
    lost: 0,
    duplicatePosts: 0,
    consoleRegressions: 0,
    doubleClicks: 0,
    doubleClickRefused: 0,
    retries: 0,
    forcedRaces: 0,
    readOnlyDecisions: 0,
  };
}

/** Sums reports of several seeds (for tables). */
export function sumReports(
  reports: readonly ChaosReport[],
): Omit<ChaosReport, 'seed' | 'faultRate' | 'faults' | 'byPostFault' | 'violations' | 'identityDownAtStart'> & { violations: number } {
  const sum = {
    ...zeroCounts(),
    violations: 0,
    durationMs: 0,
  };
  const counters = Object.keys(sum).filter((k) => k !== 'outcomes' && k !== 'violations') as Array<Exclude<keyof typeof sum, 'outcomes' | 'violations'>>;
  for (const r of reports) {
    for (const k of Object.keys(sum.outcomes) as OutcomeKind[]) sum.outcomes[k] += r.outcomes[k];
    for (const k of counters) sum[k] += r[k];
    sum.violations += r.violations.length;
  }
  return sum;
}
