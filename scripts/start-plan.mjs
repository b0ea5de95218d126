// How `npm start` decides between the desktop app and the browser host. Pure decisions with the
// effects injected (binary check, Electron's installer, a reachability probe), so the logic is
// tested in plain Node (test/unit/start-plan.test.ts); scripts/start.mjs supplies the real effects.

/** Electron 45's installer and @electron/get declare `"node": ">= 22.12.0"`. */
export const INSTALLER_MIN_NODE = '22.12.0';

/** Where @electron/get downloads from unless a mirror is configured (its BASE_URL). */
export const DEFAULT_DOWNLOAD_BASE = 'https://github.com/electron/electron/releases/download/';

/** True when `version` (`v20.20.2` or `20.20.2`) is at least `min`. */
export function nodeAtLeast(version, min = INSTALLER_MIN_NODE) {
  const parse = (v) => String(v).replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  const a = parse(version);
  const b = parse(min);
  for (let i = 0; i < 3; i += 1) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** Whether the skip variable is set (any non-empty value, as Electron's installers have always read it). */
export function skipRequested(env) {
  return typeof env.ELECTRON_SKIP_BINARY_DOWNLOAD === 'string' && env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '';
}

/** The host the installer downloads from, honouring the mirror variables @electron/get reads. */
export function downloadHost(env) {
  const base =
    env.npm_config_electron_mirror || env.NPM_CONFIG_ELECTRON_MIRROR || env.npm_package_config_electron_mirror || env.ELECTRON_MIRROR || DEFAULT_DOWNLOAD_BASE;
  try {
    return new URL(base).hostname || 'github.com';
  } catch {
    return 'github.com';
  }
}

/** Whether a proxy is configured for the installer (@electron/get honours these through global-agent). */
export function usesProxy(env) {
  const names = ['ELECTRON_GET_USE_PROXY', 'GLOBAL_AGENT_HTTPS_PROXY', 'GLOBAL_AGENT_HTTP_PROXY', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];
  return names.some((name) => typeof env[name] === 'string' && env[name] !== '');
}

const BROWSER_TAIL = 'serving the console through the browser host instead.';

/**
 * Decides how to start. Effects:
 * - `findBinary()`: the installed Electron executable, or null;
 * - `hasElectronPackage`: whether node_modules/electron exists at all;
 * - `install()`: runs Electron's own installer with its output visible; resolves `{ status }`;
 * - `probe(host)`: resolves null when `host` answers on port 443, else a short reason
 *   (`getaddrinfo ENOTFOUND github.com`); asked before the installer runs (unless a proxy is
 *   configured) and again after it fails.
 * Resolves `{ mode: 'electron', binary }` or `{ mode: 'browser', line }`, where `line` is the one
 * line to print: the true reason the desktop app cannot open.
 */
export async function planStart({ env, nodeVersion, hasElectronPackage, findBinary, install, probe }) {
  const found = findBinary();
  if (found) return { mode: 'electron', binary: found, installed: false };
  const browser = (reason) => ({ mode: 'browser', line: `${reason}; ${BROWSER_TAIL}` });
  const unreachableLine = (host, why) => browser(`Could not download the Electron binary: ${host} is not reachable (${why})`);
  if (!hasElectronPackage) return browser('The electron package is not installed (run `npm install`)');
  if (skipRequested(env)) {
    return browser('The Electron binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded');
  }
  // Probe the download host first: when it cannot be reached the installer would only fail with
  // a stack trace above the one line that matters. Behind a proxy a direct probe proves nothing
  // (DNS may fail while the proxy would fetch), so the installer is tried first there.
  const host = downloadHost(env);
  const proxied = usesProxy(env);
  if (!proxied) {
    const before = await probe(host);
    if (before !== null) return unreachableLine(host, before);
  }
  const result = await install();
  const after = findBinary();
  if (result.status === 0 && after) return { mode: 'electron', binary: after, installed: true };
  // The network can also drop during the download.
  const unreachable = proxied ? null : await probe(host);
  if (unreachable !== null) return unreachableLine(host, unreachable);
  if (!nodeAtLeast(nodeVersion)) {
    return browser(
      `Electron's installer failed on Node ${nodeVersion} (exit code ${result.status ?? 'none'}); it needs Node ${INSTALLER_MIN_NODE} or newer`,
    );
  }
  if (result.status === 0) return browser("Electron's installer finished but no Electron binary appeared in node_modules/electron/dist");
  return browser(`Electron's installer failed (exit code ${result.status ?? 'none'}; its output is above)`);
}
