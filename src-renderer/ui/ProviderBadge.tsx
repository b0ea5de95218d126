import { providerColor, providerInitials, providerLabel } from '../lib/providers';

/** A coloured letter badge plus the provider name (the name is what screen readers read). */
export function ProviderBadge({ provider }: { provider: string }) {
  return (
    <span className="provider">
      <ProviderMark provider={provider} />
      <span className="provider-label">{providerLabel(provider)}</span>
    </span>
  );
}

/**
 * The badge alone, hidden from screen readers: for a queue row, whose line below the name and
 * whose own label already say the provider. One element instead of three, in a list that builds
 * its visible rows again on every search keystroke.
 */
export function ProviderMark({ provider }: { provider: string }) {
  return (
    <span className="provider-badge" aria-hidden="true" style={{ backgroundColor: providerColor(provider) }}>
      {providerInitials(provider)}
    </span>
  );
}
