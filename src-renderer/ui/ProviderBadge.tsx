import { providerColor, providerInitials, providerLabel } from '../lib/providers';

/** A coloured letter badge plus the provider name (the name is what screen readers read). */
export function ProviderBadge({ provider, showLabel = true }: { provider: string; showLabel?: boolean }) {
  return (
    <span className="provider">
      <span className="provider-badge" aria-hidden="true" style={{ backgroundColor: providerColor(provider) }}>
        {providerInitials(provider)}
      </span>
      {showLabel ? <span className="provider-label">{providerLabel(provider)}</span> : <span className="visually-hidden">{providerLabel(provider)}</span>}
    </span>
  );
}
