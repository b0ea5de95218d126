import { memo, useId, type MouseEvent } from 'react';
import type { QueueTab, RequestView } from '../../../src-shared/domain';
import type { Actions } from '../../actions/actions';
import { approvalSummary } from '../../lib/decision-summary';
import { providerLabel } from '../../lib/providers';
import { displayNameFor, toDisplayText, truncateGraphemes } from '../../lib/text';
import { formatAge, formatDateTime, formatListWhen } from '../../lib/time';
import type { DecisionRecord } from '../../state/decisions';
import type { AgeLevel } from '../../state/selectors';
import { ProviderMark } from '../../ui/ProviderBadge';
import { UserText } from '../../ui/UserText';

export const ROW_HEIGHT = 52;
// Row text is capped long before layout: a 10,000-character name costs nothing (F13).
const ROW_GRAPHEMES = 256;

export interface QueueRowProps {
  row: RequestView;
  index: number;
  start: number;
  tab: QueueTab;
  isCursor: boolean;
  isSelected: boolean;
  tabbable: boolean;
  record: DecisionRecord | undefined;
  blockReason: string | null;
  ageLevel: AgeLevel;
  now: number;
  actions: Actions;
  /** The request's workspace name when more than one workspace is present (workspaceNamesFor), else null. */
  workspace: string | null;
  /**
   * An element no row holds, kept for the next row to take over (useRowKeys): hidden from sight,
   * screen readers, the pointer and focus, and not a row of the grid; its contents are left as they were.
   */
  parked?: boolean;
}

const FAILED_LABEL: Partial<Record<DecisionRecord['phase'], string>> = {
  'not-applied': 'Not applied',
  'session-expired': 'Not submitted',
  'rate-limited': 'Not submitted',
  forbidden: 'Not allowed',
  unknown: 'Outcome unknown',
};

function rowLabel(row: RequestView, tab: QueueTab, record: DecisionRecord | undefined, now: number, workspace: string | null, ticked: boolean): string {
  const name = truncateGraphemes(displayNameFor(row.displayName), 100).text;
  const parts = [name, toDisplayText(row.address), providerLabel(row.provider)];
  // Said where the row shows it, after the provider: two workspaces can hold look-alike requests.
  if (workspace !== null) parts.push(`workspace ${workspace}`);
  parts.push(toDisplayText(row.agentName));
  const failed = record ? FAILED_LABEL[record.phase] : undefined;
  // A decision that failed is said before the rest ("not applied, waiting 5 min").
  if (failed) parts.push(failed.toLowerCase());
  if (record && (record.phase === 'waiting' || record.phase === 'sending')) parts.push('pending confirmation');
  else if (row.status === 'UNKNOWN') parts.push(`status ${toDisplayText(row.rawStatus)}`);
  else if (tab === 'PENDING') parts.push(`waiting ${formatAge(row.createdAt, now)}`);
  else if (row.processedByName) parts.push(`${tab === 'APPROVED' ? 'approved' : 'rejected'} by ${toDisplayText(row.processedByName)}`);
  if (tab === 'APPROVED' && row.status === 'APPROVED') parts.push(approvalSummary(row).short);
  if (tab === 'REJECTED' && row.processingNote) parts.push(`note: ${truncateGraphemes(toDisplayText(row.processingNote), 100).text}`);
  // A request this console cannot decide says why here, not only in its buttons' tooltips (a
  // screen reader would hear it only after pressing a or r); the reason does not count down.
  if (tab === 'PENDING' && !row.canDecide && row.readOnlyReason) parts.push(`read-only: ${toDisplayText(row.readOnlyReason)}`);
  // aria-selected is the cursor; the bulk selection (the row's checkbox) is said in words.
  if (ticked) parts.push('in your selection');
  return parts.filter(Boolean).join(', ');
}

/** What a decided row's decision did, in a few words (the detail pane says it in full). */
function Outcome({ row }: { row: RequestView }) {
  if (row.status === 'APPROVED') {
    const summary = approvalSummary(row);
    if (!summary.short) return null;
    return (
      <span className="outcome" title={`${summary.mode} (${summary.basisText})`}>
        {summary.participant ? (
          <>
            {summary.lead} <UserText text={summary.participant} max={60} />
            {summary.tail}
          </>
        ) : (
          summary.lead
        )}
      </span>
    );
  }
  if (row.status === 'REJECTED' && row.processingNote) {
    return (
      <span className="outcome muted" title="Processing note">
        “<UserText text={row.processingNote} max={60} />”
      </span>
    );
  }
  return null;
}

/** One request in the grid. Clicking opens it; Shift-click extends the selection; Ctrl/Cmd-click toggles it. */
export const QueueRow = memo(function QueueRow({ row, index, start, tab, isCursor, isSelected, tabbable, record, blockReason, ageLevel, now, actions, workspace, parked = false }: QueueRowProps) {
  const busy = record !== undefined && (record.phase === 'waiting' || record.phase === 'sending');
  const failed = record ? FAILED_LABEL[record.phase] : undefined;
  const name = displayNameFor(row.displayName);
  const tooltip = truncateGraphemes(name, ROW_GRAPHEMES).text;
  const inner = isCursor ? 0 : -1;
  // The row's buttons say whom they act on: "Approve, button, Ana Lima +44 20 7946 0018 · WhatsApp"
  // (and "· Acme EU", the workspace, when there are several).
  const senderId = useId();

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    if ((e.target as Element).closest('button, input, a')) return;
    if (e.shiftKey) actions.selectRange(row.id);
    else if (e.ctrlKey || e.metaKey) actions.toggleSelect(row.id);
    else actions.openDetail(row.id);
  };

  return (
    <div
      role={parked ? undefined : 'row'}
      aria-rowindex={parked ? undefined : index + 1}
      aria-selected={parked ? undefined : isCursor}
      aria-label={parked ? undefined : rowLabel(row, tab, record, now, workspace, isSelected)}
      aria-hidden={parked ? true : undefined}
      inert={parked}
      data-request-id={parked ? undefined : row.id}
      tabIndex={tabbable ? 0 : -1}
      className={`row${isCursor ? ' row-cursor' : ''}${isSelected ? ' row-selected' : ''}${busy ? ' row-busy' : ''}${parked ? ' row-parked' : ''}`}
      // A kept element sits at the top, inside the list's box, so it never makes the list scroll further.
      style={{ transform: `translateY(${parked ? 0 : start}px)`, height: ROW_HEIGHT }}
      onClick={onClick}
    >
      {tab === 'PENDING' ? (
        <div role="gridcell" className="cell cell-select">
          <input type="checkbox" aria-label="Select" aria-describedby={senderId} checked={isSelected} tabIndex={inner} onChange={() => actions.toggleSelect(row.id)} />
        </div>
      ) : null}
      <div role="gridcell" className="cell cell-sender" title={tooltip}>
        <ProviderMark provider={row.provider} />
        <div className="lines" id={senderId}>
          <UserText text={row.displayName} empty="(no name)" max={ROW_GRAPHEMES} className="line-main name" />
          <span className={workspace !== null ? 'line-sub line-sub-parts' : 'line-sub'}>
            <bdi dir="ltr" className="address">{truncateGraphemes(toDisplayText(row.address), 120).text}</bdi>
            <span className="sep" aria-hidden="true"> · </span>
            {providerLabel(row.provider)}
            {workspace !== null ? (
              <>
                <span className="sep" aria-hidden="true"> · </span>
                {/* Display text already, cut to a few words (workspaceNamesFor); isolated as every name is. */}
                <bdi dir="auto" className="row-workspace" title={`Workspace: ${workspace}`}>
                  {workspace}
                </bdi>
              </>
            ) : null}
          </span>
        </div>
      </div>
      <div role="gridcell" className="cell cell-context">
        <div className="lines">
          <UserText text={row.agentName} empty={`Unknown agent (${row.agentId})`} max={80} className="line-main" />
          <span className="line-sub">
            <UserText text={row.connectorName} empty="Unknown connector" max={60} />
            {row.conversationName ? (
              <>
                <span className="sep" aria-hidden="true"> · </span>
                <UserText text={row.conversationName} max={80} />
              </>
            ) : null}
          </span>
        </div>
      </div>
      <div role="gridcell" className={tab === 'PENDING' ? 'cell cell-age' : 'cell cell-age cell-processed'}>
        {row.status === 'UNKNOWN' ? (
          <span className="badge badge-unknown">{truncateGraphemes(toDisplayText(row.rawStatus) || 'UNKNOWN', 40).text}</span>
        ) : tab === 'PENDING' ? (
          <span className={`age age-${ageLevel}`} title={`Created ${formatDateTime(row.createdAt)}`}>
            {formatAge(row.createdAt, now)}
          </span>
        ) : (
          <span className="processed">
            <span className="line-clip">{row.processedByName ? <UserText text={row.processedByName} max={60} /> : <span className="muted">unknown</span>}</span>
            <span className="line-sub" title={row.processedAt ? `Decided ${formatDateTime(row.processedAt)}` : undefined}>
              {formatListWhen(row.processedAt, now)}
            </span>
          </span>
        )}
      </div>
      <div role="gridcell" className={tab === 'PENDING' ? 'cell cell-actions' : 'cell cell-actions cell-outcome'}>
        {busy ? <span className="badge badge-progress">Pending confirmation</span> : null}
        {!busy && failed ? (
          <span className="badge badge-error" title={failed}>
            {failed}
          </span>
        ) : null}
        {tab !== 'PENDING' ? <Outcome row={row} /> : null}
        {tab === 'PENDING' && !busy ? (
          <>
            <button type="button" className="btn btn-approve" aria-describedby={blockReason === null ? senderId : undefined} tabIndex={inner} disabled={blockReason !== null} title={blockReason ?? 'Approve (a)'} onClick={() => actions.openApprove(null, row.id)}>
              Approve
            </button>
            <button type="button" className="btn btn-reject" aria-describedby={blockReason === null ? senderId : undefined} tabIndex={inner} disabled={blockReason !== null} title={blockReason ?? 'Reject (r)'} onClick={() => actions.openReject(row.id)}>
              Reject
            </button>
          </>
        ) : null}
      </div>
    </div>
  );
});
