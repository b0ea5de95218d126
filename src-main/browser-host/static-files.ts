/**
 * The built renderer and the HTTP bridge script, served from disk: index.html with the bridge
 * injected, files only inside the renderer's root (realpath checked, S18), and nothing that
 * holds a known credential.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { resolve, sep } from 'node:path';
import { contentTypeFor, resolveStaticPath } from '../core/security/protocol-path';
import type { SecretGuard } from '../core/security/secret-guard';
import type { Responses } from './responses';

const BRIDGE_TAG = '<script src="./bridge.js"></script>';

/** Inserts the bridge script right after `<head …>` so `window.fruxon` exists before the renderer's module runs. */
export function injectBridge(html: string): string {
  const m = /<head(\s[^>]*)?>/i.exec(html);
  if (!m) return `${BRIDGE_TAG}${html}`;
  const at = m.index + m[0].length;
  return `${html.slice(0, at)}${BRIDGE_TAG}${html.slice(at)}`;
}

/**
 * Maps the raw (still percent-encoded) path below the secret to a file inside `root`, or says
 * why not. Decode first, then resolve, then check the prefix (S18); NUL and backslashes are refused.
 */
export function staticPathFor(root: string, rawRest: string): { ok: true; file: string } | { ok: false; status: 400 | 404 } {
  // Malformed escapes and NUL are client errors (400); everything else that would leave the
  // renderer's root is simply not there (404). The path rules are the app:// protocol's.
  try {
    if (decodeURIComponent(rawRest).includes('\u0000')) return { ok: false, status: 400 };
  } catch {
    return { ok: false, status: 400 };
  }
  const file = resolveStaticPath(root, `/${rawRest}`);
  return file === null ? { ok: false, status: 404 } : { ok: true, file };
}

export interface StaticFilesDeps {
  rendererDir: string;
  bridgeFile: string;
  guard: Pick<SecretGuard, 'scrub'>;
  responses: Responses;
  /** index.html went out: a page is booting (the event stream warms its first snapshot). */
  onIndexServed(): void;
  log?: { error(msg: string, meta?: Record<string, unknown>): void };
}

export interface StaticFiles {
  index(res: ServerResponse, head: boolean): Promise<void>;
  bridge(res: ServerResponse, head: boolean): Promise<void>;
  /** A path below the secret, still percent-encoded. */
  file(res: ServerResponse, rawRest: string, head: boolean): Promise<void>;
}

/** Creates the static file server of the browser host. */
export function createStaticFiles(deps: StaticFilesDeps): StaticFiles {
  const root = resolve(deps.rendererDir);
  const { send, sendStatus } = deps.responses;

  async function serveFile(res: ServerResponse, file: string, head: boolean, within: string | null): Promise<void> {
    let real: string;
    try {
      real = await realpath(file);
      if (within !== null && !real.startsWith((await realpath(within)) + sep)) return sendStatus(res, 404);
      if (!(await stat(real)).isFile()) return sendStatus(res, 404);
    } catch {
      return sendStatus(res, 404);
    }
    const body = await readFile(real);
    const type = contentTypeFor(real);
    if (type.startsWith('text/') || type.includes('json') || type.includes('svg')) {
      const text = body.toString('utf8');
      if (deps.guard.scrub(text) !== text) {
        deps.log?.error('browser host: refused to serve a file that contained a credential');
        return sendStatus(res, 500);
      }
    }
    send(res, 200, body, type, head);
  }

  return {
    async index(res, head) {
      let html: string;
      try {
        html = await readFile(resolve(root, 'index.html'), 'utf8');
      } catch {
        return send(res, 503, 'The console has not been built yet: run `npm run build`, then reload.', 'text/plain; charset=utf-8', head);
      }
      send(res, 200, injectBridge(html), 'text/html; charset=utf-8', head);
      if (!head) deps.onIndexServed();
    },
    bridge: (res, head) => serveFile(res, deps.bridgeFile, head, null),
    async file(res, rawRest, head) {
      const target = staticPathFor(root, rawRest);
      if (!target.ok) return sendStatus(res, target.status);
      return serveFile(res, target.file, head, root);
    },
  };
}
