import type { ComponentType } from 'react';
import type {
  ConnectionCheck,
  ProviderInfo,
  ProviderKind,
} from '../../../../../shared/domain/connections';

/**
 * The connection wizard is a list of steps per ATS (registry.ts). Each step renders itself and
 * moves the shared draft forward. Every step has its own file, named after it: the steps common
 * to every ATS (paste a key, permissions, setup checks, save, import, done) in common/, listed in
 * common/steps.ts; an ATS's own steps in its folder next to its definition (ashby/wizard.ts). A new
 * ATS adds a folder with its own first steps (e.g. Lever's sign-in) and reuses the rest.
 */
export interface WizardDraft {
  provider: ProviderKind;
  info: ProviderInfo;
  /** API host; empty for the ATS's own. */
  baseUrl: string;
  /** How the admin connects, for an ATS that offers several ways (Lever: OAuth or API key). */
  authMode: 'api_key' | 'oauth';
  /** Kept in this window only until the connection is saved, then cleared. */
  apiKey: string;
  label: string;
  /** The ATS user the connection acts as, entered before the first import (Greenhouse). */
  writeUserId?: string;
  check: ConnectionCheck | null;
  connectionId: string | null;
  runId: number | null;
}

export interface WizardStepProps {
  draft: WizardDraft;
  update(patch: Partial<WizardDraft>): void;
  next(): void;
  back(): void;
}

export interface WizardStep {
  id: string;
  /** Short name in the stepper (it may depend on the draft, e.g. the chosen sign-in method). */
  title: string | ((draft: WizardDraft) => string);
  Component: ComponentType<WizardStepProps>;
  /** Left out of the flow for this draft (e.g. "Save" when signing in already saved it). */
  skip?: (draft: WizardDraft) => boolean;
}

export interface WizardDefinition {
  provider: ProviderKind;
  title: string;
  steps: WizardStep[];
}
