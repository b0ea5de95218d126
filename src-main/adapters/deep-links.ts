/**
 * `fruxon-console://request/<id>` links: registered as the default handler, received through
 * `open-url` on macOS and through argv (first launch or second-instance) on Windows and Linux.
 * Links are untrusted; parsing and resolution are pure functions in core/deep-link.
 */
import path from 'node:path';
import { app } from 'electron';
import type { RequestRef } from '../../src-shared/contract';
import { DEEP_LINK_SCHEME, deepLinkFromArgv, parseDeepLink, resolveDeepLinkRef, type DeepLink } from '../core/security/deep-link';
import { silentLogger, type Logger } from '../core/ports';
import type { QueueSnapshot } from '../../src-shared/contract';

export interface DeepLinkTarget {
  snapshot(): QueueSnapshot;
  openRequest(ref: RequestRef): void;
  /** Asks each workspace's server for a request the queue does not hold (ConsoleCore.locateRequest). */
  locateRequest(requestId: string): Promise<RequestRef | null>;
}

export interface DeepLinkRouter {
  /** Handles a raw link or argv; queues it until `attach` when the core is not running yet. */
  handleUrl(url: unknown): void;
  handleArgv(argv: readonly string[]): void;
  /** The core is ready: flush queued links and route later ones straight away. */
  attach(target: DeepLinkTarget): void;
}

/** Creates the router; `show` brings the window forward before the request opens. */
export function createDeepLinkRouter(show: () => void, log: Logger = silentLogger): DeepLinkRouter {
  let target: DeepLinkTarget | null = null;
  let pending: DeepLink | null = null;
  /** Bumped by every link routed: a lookup still running for an older one opens nothing. */
  let latest = 0;

  function route(link: DeepLink | null): void {
    if (!link) return;
    const mine = (latest += 1);
    if (!target) {
      pending = link; // only the latest matters
      return;
    }
    const t = target;
    const snap = t.snapshot();
    const ref = resolveDeepLinkRef(link, snap.requests, snap.workspaces.map((w) => w.id));
    show();
    if (ref) return t.openRequest(ref);
    // No workspace named and none of several holds it yet (the first polls have not come back, or
    // it is not kept): ask their servers.
    const unknown = () => log.warn('deep link names an unknown request or workspace', { requestId: link.requestId });
    if (link.workspaceId !== null || snap.workspaces.length < 2) return unknown();
    void t
      .locateRequest(link.requestId)
      .then((found) => {
        if (mine !== latest) return; // the operator followed another link meanwhile
        if (found) t.openRequest(found);
        else unknown();
      })
      .catch((err: unknown) => log.warn('deep link lookup failed', { requestId: link.requestId, err: String(err) }));
  }

  return {
    handleUrl: (url) => {
      const link = parseDeepLink(url);
      if (!link) log.warn('ignored an invalid deep link');
      route(link);
    },
    handleArgv: (argv) => route(deepLinkFromArgv(argv)),
    attach: (t) => {
      target = t;
      const queued = pending;
      pending = null;
      route(queued);
    },
  };
}

/**
 * Registers the scheme with the OS and listens for macOS `open-url`. Call before `ready`
 * (macOS delivers the launch link through `open-url` very early).
 */
export function registerDeepLinks(router: DeepLinkRouter): void {
  // In development Electron runs as `electron path/to/app`; the OS must be told the script too.
  if (process.defaultApp && process.argv[1]) {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [path.resolve(process.argv[1])]);
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }
  app.on('open-url', (event, url) => {
    event.preventDefault();
    router.handleUrl(url);
  });
}
