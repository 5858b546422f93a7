import type { WizardStep } from '../types';
import { DoneStep } from './DoneStep';
import { ImportStep } from './ImportStep';
import { PermissionsStep } from './PermissionsStep';
import { SaveStep } from './SaveStep';
import { SetupStep } from './SetupStep';

/** Steps every ATS wizard ends with, after its own credential steps. */
export const COMMON_STEPS: WizardStep[] = [
  { id: 'permissions', title: 'Permissions', Component: PermissionsStep },
  { id: 'setup', title: 'Setup in the ATS', Component: SetupStep },
  // Signing in through an OAuth app saves the connection when the ATS answers.
  { id: 'save', title: 'Save', Component: SaveStep, skip: (draft) => draft.connectionId !== null },
  { id: 'import', title: 'Import', Component: ImportStep },
  { id: 'done', title: 'Done', Component: DoneStep },
];
