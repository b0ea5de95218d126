export declare const INSTALLER_MIN_NODE: string;
export declare const DEFAULT_DOWNLOAD_BASE: string;
export declare function nodeAtLeast(version: string, min?: string): boolean;
export declare function skipRequested(env: Record<string, string | undefined>): boolean;
export declare function downloadHost(env: Record<string, string | undefined>): string;
export declare function usesProxy(env: Record<string, string | undefined>): boolean;

export interface StartEffects {
  env: Record<string, string | undefined>;
  nodeVersion: string;
  hasElectronPackage: boolean;
  findBinary(): string | null;
  install(): Promise<{ status: number | null }>;
  probe(host: string): Promise<string | null>;
}

export type StartPlan = { mode: 'electron'; binary: string; installed: boolean } | { mode: 'browser'; line: string };

export declare function planStart(effects: StartEffects): Promise<StartPlan>;
