/**
 * The one place that calls `shell.openExternal` (S15). Core has already applied the allowlist
 * (`isAllowedExternalUrl`); this last gate refuses anything that is not a web URL, so `file:`,
 * `smb:`, `javascript:` and custom schemes never reach the OS whoever the caller is.
 */
import { shell } from 'electron';
import { isOpenableExternalUrl } from '../core/security/external-url';

export async function openExternalSafely(url: string): Promise<void> {
  if (!isOpenableExternalUrl(url)) throw new Error('Refused to open a link that is not a web address.');
  await shell.openExternal(url);
}
