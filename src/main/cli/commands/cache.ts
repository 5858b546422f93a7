import { rebuildDatabase } from '../../core/db/rebuild';
import { databasePath } from '../../core/paths';
import { UsageError, type CommandSpec } from '../command';

/**
 * `cache rebuild --yes`: the way out of a damaged database. Everything only this computer holds is
 * copied to a new file (as much as can still be read); the ATS cache is left for the next sync.
 * It never opens the console on the damaged file.
 */
export const cacheRebuildCommand: CommandSpec = {
  name: 'cache rebuild',
  summary:
    'Rebuild a damaged database: keeps connections, the Kula workspace, the outbox, mappings and logs; the next sync reads the ATS again (--yes to confirm)',
  usage:
    '--yes\n\nClose the desktop app first. The damaged file is kept next to the new one (console.sqlite.damaged-…).',
  options: { yes: { type: 'boolean' } },
  run(ctx, { values }) {
    if (values.yes !== true) {
      throw new UsageError(
        'Rebuilding replaces the database with a copy of what can still be read, and empties the ATS cache until the next sync. Add --yes to confirm.',
      );
    }
    const report = rebuildDatabase(databasePath(ctx.dataDir));
    if (!ctx.io.json) {
      const kept = Object.entries(report.copied).filter(([, rows]) => rows > 0);
      ctx.io.out(`Rebuilt ${databasePath(ctx.dataDir)}.`);
      ctx.io.out(
        `Kept: ${kept.map(([table, rows]) => `${table} (${rows.toLocaleString('en-US')})`).join(', ') || 'nothing readable'}.`,
      );
      for (const [table, lost] of Object.entries(report.lost)) {
        ctx.io.out(
          `  ${table}: ${lost === 'rest' ? 'the rows after the damaged page' : `${lost.toLocaleString('en-US')} row(s)`} could not be read.`,
        );
      }
      for (const [table, rows] of Object.entries(report.orphans)) {
        ctx.io.out(`  ${table}: ${rows} row(s) dropped with what they belonged to.`);
      }
      ctx.io.out(`The damaged file is kept as ${report.damagedCopy}.`);
      ctx.io.out('The ATS cache is empty: run `kula-console sync` to read the ATS again.');
    }
    return report;
  },
};
