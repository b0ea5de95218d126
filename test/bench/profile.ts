/**
 * `npx tsx test/bench/profile.ts [label]`: where the page's time goes with 100,000 pending rows in one
 * bare array (the page of bench section (b)). Not a test and not a figure of docs/BENCHMARKS.md: a
 * tool to find what to optimise. Builds the renderer without minification (function names kept) into
 * a temporary directory, opens it in headless Chromium through the browser host on a core polling the
 * simulator, and for each scenario (40 presses of j with the detail pane open; the bench's search
 * keystrokes; the bench's fast scroll of the whole list) records
 *
 *   - a CPU profile (CDP Profiler, 100 µs sampling): self and total time per function, ranked;
 *   - a trace (CDP Tracing, devtools.timeline): the main thread's self time per event (script,
 *     style, layout, paint, …), ranked; and for the key scenarios the time per key press, in its
 *     own events and in the frame after it (mean, median, p95), the steadiest figure for an A/B.
 *
 * Writes the raw .cpuprofile and trace files and a summary to $PROFILE_OUT (default /tmp/fruxon-profile/<label>).
 * Heavy: run under `flock /tmp/fruxon-heavy.lock`. PROFILE_RENDERER=dir uses an existing build;
 * PROFILE_ONLY=search (comma-separated scenario names) records only those (the others' set-up still runs).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simChild, type SimChild } from './sim-child';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { startBrowserHost } from '../../src-main/browser-host/server';
import { createConsoleCore, type ConsoleCore } from '../../src-main/core/console-core';
import { createJsonFileStore } from '../../src-main/core/storage/json-file-store';
import { createMemoryVault } from '../../src-main/core/storage/memory-vault';
import type { QueueSnapshot } from '../../src-shared/contract';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const LABEL = process.argv[2] ?? 'run';
const OUT = process.env.PROFILE_OUT ?? join('/tmp/fruxon-profile', LABEL);

type Sim = SimChild;

async function coreFor(sim: Sim, dataDir: string): Promise<ConsoleCore> {
  const store = createJsonFileStore(dataDir);
  store.write('settings', { pollSeconds: 600 });
  const core = createConsoleCore({
    host: { version: 'profile', host: 'browser', platform: process.platform },
    env: { FRUXON_API_URL: sim.url, FRUXON_TENANT: sim.tenant, FRUXON_TOKEN: sim.token },
    dataStore: store,
    vault: createMemoryVault(null),
    startDemo: () => Promise.reject(new Error('no demo')),
    notify: () => undefined,
    openExternal: async () => undefined,
  });
  await core.start();
  return core;
}

function snapshotWhere(core: ConsoleCore, pred: (s: QueueSnapshot) => boolean): Promise<void> {
  return new Promise((done) => {
    const unsub = core.subscribe((channel, payload) => {
      if (channel === 'queue:snapshot-changed' && pred(payload as QueueSnapshot)) {
        unsub();
        done();
      }
    });
    void core.handlers['queue:get-snapshot'](undefined).then((s) => {
      if (pred(s)) {
        unsub();
        done();
      }
    });
  });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Self and total (inclusive) milliseconds per function, from a CPU profile. */
function rankProfile(profile: CpuProfile, top = 40): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n: ProfileNode) => {
    const file = n.callFrame.url.split('/').pop() ?? '';
    return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i += 1) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(profile.samples[i]!)!;
    const key = keyOf(node);
    all += dt;
    if (node.callFrame.functionName === '(idle)') {
      idle += dt;
      continue;
    }
    self.set(key, (self.get(key) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const k = keyOf(byId.get(id)!);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + dt);
    }
  }
  const busy = all - idle;
  const lines = [`profile ${all.toFixed(0)} ms, idle ${idle.toFixed(0)} ms, busy ${busy.toFixed(0)} ms`, '', 'self ms  share  function'];
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${v.toFixed(1).padStart(7)}  ${((100 * v) / busy).toFixed(1).padStart(4)}%  ${k}`);
  lines.push('', 'total ms  share  function');
  for (const [k, v] of [...total].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${v.toFixed(1).padStart(8)}  ${((100 * v) / busy).toFixed(1).padStart(4)}%  ${k}`);
  return lines.join('\n');
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** The renderer main thread's self time per trace event name (nested complete events). */
function rankTrace(events: TraceEvent[]): string {
  const threadName = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!threadName) return 'no CrRendererMain thread in the trace';
  const mine = events.filter((e) => e.pid === threadName.pid && e.tid === threadName.tid && e.ph === 'X' && typeof e.dur === 'number').sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const count = new Map<string, number>();
  const stack: Array<{ e: TraceEvent; end: number; child: number }> = [];
  const close = (until: number) => {
    while (stack.length > 0 && stack[stack.length - 1]!.end <= until) {
      const top = stack.pop()!;
      self.set(top.e.name, (self.get(top.e.name) ?? 0) + (top.e.dur! - top.child) / 1000);
      if (stack.length > 0) stack[stack.length - 1]!.child += top.e.dur!;
    }
  };
  for (const e of mine) {
    close(e.ts);
    stack.push({ e, end: e.ts + e.dur!, child: 0 });
    count.set(e.name, (count.get(e.name) ?? 0) + 1);
  }
  close(Number.POSITIVE_INFINITY);
  const busy = [...self.values()].reduce((a, b) => a + b, 0);
  const lines = [`main thread, events with self time (${busy.toFixed(0)} ms in all)`, '', 'self ms  share  count  event'];
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) lines.push(`${v.toFixed(1).padStart(7)}  ${((100 * v) / busy).toFixed(1).padStart(4)}%  ${String(count.get(k)).padStart(5)}  ${k}`);
  return lines.join('\n');
}

/**
 * Per key press, from the trace: the main thread's time in the press's own events (keydown and
 * keypress, which holds the text input, React's render and commit and any layout they force) and in
 * the first frame after it (BeginMainFrame: style, layout, paint, compositing). Thread time, not wall
 * clock, so it moves less from run to run than the bench's figures (three runs of one build: search
 * mean 15.3-16.5 ms on this 2-core machine, where the bench's search p95 moves by a third): the
 * figure for an A/B of two builds (PROFILE_RENDERER=dir).
 */
function perKeystroke(events: TraceEvent[]): string {
  const threadName = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!threadName) return 'no CrRendererMain thread in the trace';
  const mine = events.filter((e) => e.pid === threadName.pid && e.tid === threadName.tid && e.ph === 'X' && typeof e.dur === 'number').sort((a, b) => a.ts - b.ts);
  const typeOf = (e: TraceEvent) => (e.name === 'EventDispatch' ? (e.args as { data?: { type?: string } } | undefined)?.data?.type : undefined);
  const downs = mine.filter((e) => typeOf(e) === 'keydown');
  const keys: number[] = [];
  const frames: number[] = [];
  downs.forEach((down, i) => {
    const end = downs[i + 1]?.ts ?? Number.POSITIVE_INFINITY;
    const within = mine.filter((e) => e.ts >= down.ts && e.ts < end);
    keys.push(within.filter((e) => typeOf(e) === 'keydown' || typeOf(e) === 'keypress').reduce((a, e) => a + e.dur!, 0) / 1000);
    frames.push((within.find((e) => e.name === 'ProxyMain::BeginMainFrame')?.dur ?? 0) / 1000);
  });
  if (downs.length === 0) return 'no key presses in the trace';
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
    return `mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1)}, median ${at(0.5).toFixed(1)}, p95 ${at(0.95).toFixed(1)} ms`;
  };
  return [
    `${downs.length} key presses, main-thread time per press (trace):`,
    `  the press's events (keydown, keypress: input, React, forced layout): ${stats(keys)}`,
    `  the next frame (BeginMainFrame): ${stats(frames)}`,
    `  both: ${stats(keys.map((k, i) => k + frames[i]!))}`,
  ].join('\n');
}

async function traced(cdp: CDPSession, run: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  const onData = (p: { value: unknown[] }) => void events.push(...(p.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink', 'cc', 'toplevel'] },
  });
  await run();
  const done = new Promise<void>((ok) => cdp.once('Tracing.tracingComplete', () => ok()));
  await cdp.send('Tracing.end');
  await done;
  cdp.off('Tracing.dataCollected', onData);
  return events;
}

async function profiled(cdp: CDPSession, run: () => Promise<void>): Promise<CpuProfile> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await run();
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  return profile;
}

const twoFrames = (page: Page) => page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0))))');

async function pressJ(page: Page, n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    await page.keyboard.press('j');
    await twoFrames(page);
  }
}

async function pressK(page: Page, n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    await page.keyboard.press('k');
    await twoFrames(page);
  }
}

const SEARCH_KEYS = ['ana', 'kwame', '+44', 'slack', 'dana w'].flatMap((w) => [...w.split(''), ...w.split('').map(() => 'Backspace')]);

async function typeSearch(page: Page): Promise<void> {
  for (const key of SEARCH_KEYS) {
    await page.keyboard.press(key);
    await twoFrames(page);
  }
}

async function fastScroll(page: Page): Promise<void> {
  await page.evaluate(`new Promise((resolve) => {
    const grid = document.querySelector('[role="grid"]');
    grid.scrollTop = 0;
    const step = () => {
      if (grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 1) return resolve();
      grid.scrollTop += grid.clientHeight * 20;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  })`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  let rendererDir = process.env.PROFILE_RENDERER;
  let builtDir: string | null = null;
  if (!rendererDir) {
    builtDir = mkdtempSync(join(tmpdir(), 'fruxon-profile-renderer-'));
    await build({
      configFile: false,
      root: resolve(ROOT, 'src-renderer'),
      base: './',
      logLevel: 'warn',
      plugins: [react()],
      build: { outDir: builtDir, emptyOutDir: true, minify: false, rollupOptions: { input: { index: resolve(ROOT, 'src-renderer/index.html') } } },
    });
    rendererDir = builtDir;
  }
  const sim = await simChild(['--pending', String(ROWS)]);
  const dataDir = mkdtempSync(join(tmpdir(), 'fruxon-profile-'));
  const core = await coreFor(sim, dataDir);
  await snapshotWhere(core, (s) => s.requests.filter((r) => r.status === 'PENDING').length >= ROWS);
  const host = await startBrowserHost({ core, rendererDir, bridgeFile: join(ROOT, 'out', 'bridge', 'http-bridge.js'), host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const summary: string[] = [`label ${LABEL}, ${ROWS} pending rows, renderer ${rendererDir}`];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(host.url);
    await page.waitForFunction(
      (n) => {
        const d = (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number }; querySelector(s: string): { textContent: string | null } | null } }).document;
        return d.querySelectorAll('[role="row"][data-request-id]').length > 0 && (d.querySelector('[role="tab"]')?.textContent ?? '').replace(/\D/g, '') === String(n);
      },
      ROWS,
      { timeout: 180_000 },
    );
    const cdp = await page.context().newCDPSession(page);
    const scenarios: Array<[string, () => Promise<void>, () => Promise<void>]> = [
      ['j', async () => void (await page.locator('[role="row"][data-request-id]').first().click()), () => pressJ(page, 40)],
      ['k', async () => undefined, () => pressK(page, 40)],
      [
        'search',
        async () => {
          await page.getByRole('button', { name: 'Close details' }).click();
          await page.getByRole('searchbox', { name: 'Search requests' }).click();
          await new Promise((r) => setTimeout(r, 1500));
        },
        () => typeSearch(page),
      ],
      ['scroll', async () => void (await page.getByRole('searchbox', { name: 'Search requests' }).press('Escape')), () => fastScroll(page)],
    ];
    if (process.env.PROFILE_SEQUENCE) {
      // The bench's order: 3 s idle (its frame reference), j with the pane open, close it, type at
      // once, Escape, scroll.
      const trace = await traced(cdp, async () => {
        await new Promise((r) => setTimeout(r, 3000));
        await page.locator('[role="row"][data-request-id]').first().click();
        await pressJ(page, 40);
        await page.getByRole('button', { name: 'Close details' }).click();
        await page.getByRole('searchbox', { name: 'Search requests' }).click();
        await typeSearch(page);
        await page.getByRole('searchbox', { name: 'Search requests' }).press('Escape');
        await fastScroll(page);
      });
      writeFileSync(join(OUT, 'sequence.trace.json'), JSON.stringify({ traceEvents: trace }));
      scenarios.length = 0;
    }
    const only = process.env.PROFILE_ONLY?.split(',');
    for (const [name, setup, run] of scenarios) {
      await setup();
      if (only && !only.includes(name)) continue;
      await twoFrames(page);
      const profile = await profiled(cdp, run);
      writeFileSync(join(OUT, `${name}.cpuprofile`), JSON.stringify(profile));
      const trace = await traced(cdp, run);
      writeFileSync(join(OUT, `${name}.trace.json`), JSON.stringify({ traceEvents: trace }));
      summary.push('', `=== ${name}: CPU profile ===`, rankProfile(profile), '', `=== ${name}: trace ===`, rankTrace(trace));
      if (name !== 'scroll') summary.push('', perKeystroke(trace));
      process.stderr.write(`${name} done\n`);
    }
  } finally {
    await browser.close();
    await host.close();
    await core.stop();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (builtDir) rmSync(builtDir, { recursive: true, force: true });
  }
  writeFileSync(join(OUT, 'summary.txt'), `${summary.join('\n')}\n`);
  process.stdout.write(`${summary.join('\n')}\n\nWritten to ${OUT}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`profile failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
