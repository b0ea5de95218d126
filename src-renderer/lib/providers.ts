// Provider labels, badge letters and colours are one table shared with core (src-shared/providers.ts).
export { providerColor, providerInitials, providerLabel } from '../../src-shared/providers';
