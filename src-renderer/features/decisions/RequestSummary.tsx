import type { RequestView } from '../../../src-shared/domain';
import { toDisplayText } from '../../lib/text';
import { workspaceNamesFor } from '../../../src-shared/workspace-names';
import { useQueueStore } from '../../state/queue';
import { ProviderBadge } from '../../ui/ProviderBadge';
import { UserText } from '../../ui/UserText';

/**
 * Who is being decided on: name next to address, provider and agent, so a look-alike name cannot
 * mislead (F16); with several workspaces, also the request's workspace, so two look-alike requests
 * in two workspaces cannot either.
 */
export function RequestSummary({ row }: { row: RequestView }) {
  // A string (or null): the summary re-renders when the name changes, not with every snapshot.
  const workspace = useQueueStore((s) => workspaceNamesFor(s.workspaces)?.(row.workspaceId) ?? null);
  return (
    <dl className="summary">
      <dt>Sender</dt>
      <dd>
        <UserText text={row.displayName} empty="(no name)" max={120} className="name" />
      </dd>
      <dt>Address</dt>
      <dd>
        <bdi dir="ltr">{toDisplayText(row.address)}</bdi> <ProviderBadge provider={row.provider} />
      </dd>
      <dt>Agent</dt>
      <dd>
        <UserText text={row.agentName} empty={`Unknown agent (${row.agentId})`} max={80} />
        {row.connectorName ? (
          <>
            {' · '}
            <UserText text={row.connectorName} max={60} />
          </>
        ) : null}
      </dd>
      {workspace !== null ? (
        <>
          <dt>Workspace</dt>
          {/* One line: a long or right-to-left name ends in an ellipsis, it does not wrap. */}
          <dd className="line-clip">
            <bdi dir="auto">{workspace}</bdi>
          </dd>
        </>
      ) : null}
    </dl>
  );
}
