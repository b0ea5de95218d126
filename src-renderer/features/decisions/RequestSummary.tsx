import type { RequestView } from '../../../src-shared/domain';
import { toDisplayText } from '../../lib/text';
import { ProviderBadge } from '../../ui/ProviderBadge';
import { UserText } from '../../ui/UserText';

/** Who is being decided on: name next to address, provider and agent, so a look-alike name cannot mislead (F16). */
export function RequestSummary({ row }: { row: RequestView }) {
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
    </dl>
  );
}
