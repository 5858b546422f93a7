import { schemaVersion } from '../../core/db/database';
import { listConnectionSummaries } from '../../core/db/repos/connections';
import { listRuns } from '../../core/db/repos/sync-runs';
import type { CommandSpec } from '../command';

export const statusCommand: CommandSpec = {
  name: 'status',
  summary: 'Show the data directory, schema version, connections and last runs',
  usage: '',
  readOnly: true,
  run(ctx) {
    const { context } = ctx.core();
    const connections = listConnectionSummaries(context.db);
    const lastRuns = listRuns(context.db, { limit: 5 });
    const vault = context.vault.status();
    const result = {
      dataDir: ctx.dataDir,
      appVersion: context.appVersion,
      schemaVersion: schemaVersion(context.db),
      vault,
      connections,
      lastRuns,
    };
    if (!ctx.io.json) {
      ctx.io.out(`Data directory   ${ctx.dataDir}`);
      ctx.io.out(`Schema version   ${result.schemaVersion} (app ${context.appVersion})`);
      ctx.io.out(
        `Vault            ${vault.available ? vault.backend : `unavailable: ${vault.reason ?? ''}`}`,
      );
      ctx.io.out(`Connections      ${connections.length === 0 ? 'none' : ''}`);
      for (const connection of connections) {
        ctx.io.out(
          `  ${connection.id}  ${connection.provider.padEnd(6)} ${connection.status.padEnd(16)} ${connection.label}`,
        );
      }
      ctx.io.out(`Last runs        ${lastRuns.length === 0 ? 'none' : ''}`);
      for (const run of lastRuns) {
        ctx.io.out(
          `  #${run.id}  ${run.startedAt}  ${run.status.padEnd(11)} ${run.mode}  pulled ${run.recordsPulled}, pushed ${run.recordsPushed}, errors ${run.errors}`,
        );
      }
    }
    return result;
  },
};
