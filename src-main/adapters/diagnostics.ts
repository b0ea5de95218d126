/**
 * "Copy diagnostics": the core writes the (already redacted) text; main puts it on the clipboard
 * so the renderer never needs clipboard permission, redacting once more with the tokens main
 * knows, and returns what was copied so the UI can show it.
 */
import { clipboard } from 'electron';
import type { InvokeHandlers } from '../../src-shared/contract';
import { redact } from '../core/security/redact';

/** `secrets` (the tokens main knows) has no default, so no caller can forget to pass them. */
export function createCopyDiagnosticsHandler(
  core: { handlers: Pick<InvokeHandlers, 'app:copy-diagnostics'> },
  secrets: () => readonly string[],
  extraLines: () => readonly string[] = () => [],
): InvokeHandlers['app:copy-diagnostics'] {
  return async () => {
    const base = await core.handlers['app:copy-diagnostics'](undefined);
    const text = redact([base, ...extraLines()].join('\n'), secrets());
    // Electron 45's clipboard API is promise-based.
    await clipboard.writeText(text);
    return text;
  };
}
