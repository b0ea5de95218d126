import { useViewStore } from '../state/view';
import { ApproveDialog } from '../features/decisions/ApproveDialog';
import { BulkDialog } from '../features/decisions/BulkDialog';
import { RejectDialog } from '../features/decisions/RejectDialog';
import { HelpDialog } from '../features/help/HelpDialog';
import { CommandPalette } from '../features/palette/CommandPalette';
import { SettingsDialog } from '../features/settings/SettingsDialog';
import { SignInDialog } from '../features/signin/SignInDialog';

/** The one open dialog, if any (keyed so each opening starts fresh). */
export function Dialogs() {
  const dialog = useViewStore((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'approve':
      return <ApproveDialog key={`approve-${dialog.ref.requestId}`} state={dialog} />;
    case 'reject':
      return <RejectDialog key={`reject-${dialog.ref.requestId}`} state={dialog} />;
    case 'bulk-reject':
    case 'bulk-bind':
      return <BulkDialog key={dialog.kind} state={dialog} />;
    case 'help':
      return <HelpDialog />;
    case 'palette':
      return <CommandPalette />;
    case 'settings':
      return <SettingsDialog />;
    case 'signin':
      return <SignInDialog />;
  }
}
