import type { ConnectionHealth } from '../../domain/health';
import { NoInput } from './common';

export const healthSchemas = {
  'health:list': NoInput,
} as const;

export interface HealthOutputs {
  'health:list': ConnectionHealth[];
}
