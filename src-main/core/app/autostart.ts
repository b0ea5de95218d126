/**
 * Start at login on Linux: an XDG autostart desktop entry (macOS and Windows use
 * app.setLoginItemSettings). The Exec line follows the Desktop Entry spec's quoting rules, so a
 * path with spaces, quotes, `$` or `%` starts the right binary and nothing else.
 */
import path from 'node:path';

export const AUTOSTART_FILE_NAME = 'fruxon-console.desktop';
/** Launched at login, the console starts in the tray without showing its window. */
export const START_HIDDEN_ARG = '--hidden';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Quotes one Exec argument: inside double quotes, `"`, `` ` ``, `$` and `\` get a backslash
 * (quoting rule); then, because Exec is a string value, every backslash is doubled (string escape
 * rule, applied before quoting on read) and `%` becomes `%%` (field codes).
 */
export function quoteExecArg(arg: string): string {
  const quoted = `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

/** The desktop entry text, or null when the path cannot be written safely (control characters). */
export function autostartDesktopEntry(execPath: string, args: readonly string[] = [START_HIDDEN_ARG]): string | null {
  if (!execPath || CONTROL.test(execPath) || args.some((a) => CONTROL.test(a))) return null;
  const exec = [execPath, ...args].map(quoteExecArg).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Fruxon Access Console',
    'Comment=Triage Fruxon participant access requests',
    `Exec=${exec}`,
    'Icon=fruxon-access-console',
    'Terminal=false',
    'Categories=Network;Office;',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** An AppImage runs from a temporary mount; the stable path to start is $APPIMAGE. */
export function autostartExecPath(execPath: string, env: Record<string, string | undefined>): string {
  const appImage = env.APPIMAGE;
  return appImage && path.isAbsolute(appImage) ? appImage : execPath;
}

/** `$XDG_CONFIG_HOME/autostart` (absolute values only, per the XDG spec), else `~/.config/autostart`. */
export function autostartDir(env: Record<string, string | undefined>, homeDir: string): string {
  const xdg = env.XDG_CONFIG_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(homeDir, '.config'), 'autostart');
}
