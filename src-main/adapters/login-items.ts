/**
 * Start at login. macOS and Windows: app.setLoginItemSettings. Linux: an XDG autostart entry in
 * ~/.config/autostart (text from core/autostart). Failures are Results, not throws.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app } from 'electron';
import { fail, ok, type Result } from '../../src-shared/domain';
import { AUTOSTART_FILE_NAME, autostartDesktopEntry, autostartDir, autostartExecPath, START_HIDDEN_ARG } from '../core/app/autostart';
import { writeFileAtomic } from './atomic-file';

export interface LoginItemOptions {
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  homeDir?: string;
  execPath?: string;
}

/** Turns start-at-login on or off for this platform. */
export function applyStartAtLogin(enabled: boolean, options: LoginItemOptions = {}): Result<null> {
  const platform = options.platform ?? process.platform;
  if (platform === 'darwin' || platform === 'win32') {
    try {
      app.setLoginItemSettings({ openAtLogin: enabled, args: [START_HIDDEN_ARG] });
      return ok(null);
    } catch (err) {
      return fail('internal', `Could not change start at login (${String(err)}).`);
    }
  }
  const env = options.env ?? process.env;
  const file = path.join(autostartDir(env, options.homeDir ?? os.homedir()), AUTOSTART_FILE_NAME);
  try {
    if (!enabled) {
      fs.rmSync(file, { force: true });
      return ok(null);
    }
    const text = autostartDesktopEntry(autostartExecPath(options.execPath ?? process.execPath, env));
    if (!text) return fail('internal', 'Could not set up start at login: the application path contains control characters.');
    writeFileAtomic(file, text);
    return ok(null);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return fail('internal', `Could not change start at login (${code}).`);
  }
}

/** Whether this launch came from the login item (start in the tray). */
export function launchedHidden(argv: readonly string[] = process.argv): boolean {
  if (argv.includes(START_HIDDEN_ARG)) return true;
  try {
    return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
  } catch {
    return false;
  }
}
