/**
 * The demo workspace: the simulator started in-process when nothing else is configured (or the
 * last workspace was signed out), and stopped when a real sign-in replaces it. A simulator that
 * cannot start leaves a demo workspace that says so instead of polling.
 */
import { DEMO_LABEL, DEMO_WORKSPACE_ID, type WorkspaceMeta } from './workspace-config';
import { blankWorkspace, type Workspace, type WorkspaceRuntime } from './workspace-runtime';
import type { Logger } from '../ports';
import type { WorkspacesDeps } from './workspaces';

/**
 * How the demo simulator is paced in both hosts: a new request every 20-60 s, and a second
 * operator deciding one every 45-120 s, so the demo shows arrivals and "decided by someone else".
 */
export const DEMO_PACE = {
  trickle: { minMs: 20_000, maxMs: 60_000 },
  secondOperator: { minMs: 45_000, maxMs: 120_000 },
} as const;

export interface DemoWorkspaceDeps extends Pick<WorkspacesDeps, 'startDemo' | 'onRemoved'> {
  runtimes: Map<string, Workspace>;
  runtime: Pick<WorkspaceRuntime, 'attach' | 'launch' | 'checkHealth' | 'halt'>;
  log: Logger;
}

export interface DemoWorkspace {
  start(): Promise<void>;
  /** A real workspace replaced it: stop polling, drop its requests, close the simulator. */
  stop(): Promise<void>;
  /** The console stops: close the simulator (its polling was halted with the rest). */
  close(): Promise<void>;
}

/** Creates the demo workspace's life cycle. */
export function createDemoWorkspace(deps: DemoWorkspaceDeps): DemoWorkspace {
  const { runtimes, runtime, log } = deps;
  let handle: { close(): Promise<void> } | null = null;
  const takeHandle = () => {
    const h = handle;
    handle = null;
    return h;
  };
  return {
    async start() {
      const meta: WorkspaceMeta = { id: DEMO_WORKSPACE_ID, label: DEMO_LABEL, baseUrl: '', tenant: '', webUrl: null };
      try {
        const demo = await deps.startDemo();
        handle = demo;
        const ws = blankWorkspace({ ...meta, baseUrl: demo.url, tenant: demo.tenant }, 'demo');
        ws.credential = 'session-only';
        runtimes.set(ws.meta.id, ws);
        runtime.attach(ws, demo.token);
        runtime.launch(ws);
        void runtime.checkHealth(ws);
      } catch (err) {
        log.error('demo simulator failed to start', { err: String(err) });
        const ws = blankWorkspace(meta, 'demo');
        ws.configError = { code: 'internal', message: 'The demo simulator could not start. Sign in to a workspace instead.' };
        runtimes.set(ws.meta.id, ws);
      }
    },
    async stop() {
      const ws = runtimes.get(DEMO_WORKSPACE_ID);
      if (ws) {
        runtime.halt(ws);
        runtimes.delete(DEMO_WORKSPACE_ID);
        deps.onRemoved(DEMO_WORKSPACE_ID);
      }
      await takeHandle()?.close().catch((err: unknown) => log.warn('demo close failed', { err: String(err) }));
    },
    async close() {
      await takeHandle()?.close().catch(() => {});
    },
  };
}
