/**
 * The global show/hide hotkey. Registering can fail (another app holds the accelerator, or the
 * string is not one Electron understands); then the previous accelerator is registered again
 * and the failure is reported, so the operator never ends up with no hotkey at all.
 */
import { globalShortcut } from 'electron';
import { fail, ok, type Result } from '../../src-shared/domain';

export interface GlobalShortcutController {
  /** Switches to `accelerator` ('' disables); on failure keeps the previous one and says why. */
  apply(accelerator: string): Result<null>;
  current(): string;
  dispose(): void;
}

/** Creates the controller; `onPress` toggles the window. */
export function createGlobalShortcut(onPress: () => void): GlobalShortcutController {
  let current = '';

  function tryRegister(accelerator: string): boolean {
    try {
      return globalShortcut.register(accelerator, onPress);
    } catch {
      return false;
    }
  }

  return {
    apply(accelerator) {
      const next = accelerator.trim();
      if (next === current) return ok(null);
      const previous = current;
      if (previous) globalShortcut.unregister(previous);
      if (!next) {
        current = '';
        return ok(null);
      }
      if (tryRegister(next)) {
        current = next;
        return ok(null);
      }
      current = previous && tryRegister(previous) ? previous : '';
      const kept = current ? ` Keeping ${current}.` : '';
      return fail('validation', `The shortcut ${next} could not be registered (another application may use it).${kept}`);
    },
    current: () => current,
    dispose: () => {
      if (current) globalShortcut.unregister(current);
      current = '';
    },
  };
}
