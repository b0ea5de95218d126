import { useMemo } from 'react';
import { decidesWithoutDialog } from '../../actions/actions';
import { useActions } from '../../actions/context';
import { displaySpec, isMacPlatform } from '../../keyboard/keys';
import { availableShortcuts, SHORTCUTS, type Shortcut, type ShortcutGroup } from '../../keyboard/shortcuts';
import { shortcutContext } from '../../keyboard/useShortcuts';
import { Dialog } from '../../ui/Dialog';
import { CloseFooter } from '../../ui/CloseFooter';

const GROUPS: ShortcutGroup[] = ['Navigate', 'Decide', 'Find', 'General'];

function ShortcutTable({ shortcuts, mac }: { shortcuts: Shortcut[]; mac: boolean }) {
  return (
    <>
      {GROUPS.filter((g) => shortcuts.some((s) => s.group === g)).map((g) => (
        <div key={g} className="help-group">
          <h3>{g}</h3>
          <table className="help-table">
            <tbody>
              {shortcuts
                .filter((s) => s.group === g)
                .map((s) => (
                  <tr key={s.id} data-shortcut={s.id}>
                    <th scope="row">
                      {s.keys.map((k, i) => (
                        <span key={k}>
                          {i > 0 ? ' or ' : ''}
                          <kbd>{displaySpec(k, mac)}</kbd>
                        </span>
                      ))}
                    </th>
                    <td>{s.label}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}

/**
 * Generated from the shortcut table: first the shortcuts valid for the list as it is right
 * now, then (folded away) the complete reference.
 */
export function HelpDialog() {
  const actions = useActions();
  const mac = isMacPlatform();
  // Evaluated as if no dialog were open: what the keys will do once this closes.
  const available = useMemo(() => availableShortcuts(shortcutContext(actions, { dialog: null })), [actions]);
  return (
    <Dialog title="Keyboard shortcuts" onClose={() => actions.closeDialog()}>
      <section aria-label="Available now">
        <ShortcutTable shortcuts={available} mac={mac} />
      </section>
      <p className="muted">
        Shortcuts are ignored while you type in a field. Buttons do the same as their keys. In the approve and reject dialogs Enter confirms (in an empty note, a
        name field, or on the participant already picked) and Ctrl+Enter confirms from anywhere.
      </p>
      {decidesWithoutDialog() ? (
        <p className="notice notice-warn">“Decide without a dialog” is on: a then n, a then b and r decide at once; u undoes during the undo window.</p>
      ) : null}
      <details className="help-all">
        <summary>All shortcuts, including those not available right now</summary>
        <ShortcutTable shortcuts={SHORTCUTS} mac={mac} />
      </details>
      <CloseFooter onClose={() => actions.closeDialog()} />
    </Dialog>
  );
}
