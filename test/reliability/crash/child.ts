/**
 * The console process the crash campaign kills: opens a data dir (migrating its database) and runs
 * one sync of a connection (pull, then the outbox push), telling the parent on stdout what it has
 * made durable: `READY` once the database is open, `PAGE <entity>` after each committed page,
 * `PUSH <result>` after each settled write, `DONE <status> [code]` at the end.
 * Usage: node crash-child.cjs <dataDir> <connectionId>; KULA_CRASH_AT names an optional labelled
 * crash point (src/main/core/crash-points.ts).
 */
import { openCampaignCore } from '../harness';

const [dataDir, connectionId] = process.argv.slice(2) as [string, string];
const say = (line: string) => process.stdout.write(`${line}\n`);

const core = openCampaignCore(dataDir);
say('READY');
core.context.events.on('sync:log', (line) => {
  if (line.rule?.startsWith('pull-page')) say(`PAGE ${line.entity}`);
  else if (line.direction === 'push' && line.rule?.startsWith('outbox-'))
    say(`PUSH ${line.result}`);
});
core.context.sync.run(connectionId, { trigger: 'manual' }).then(
  async (run) => {
    say(`DONE ${run.status}${run.errorCode ? ` ${run.errorCode}` : ''}`);
    await core.shutdown();
  },
  async (error: unknown) => {
    say(`DONE refused ${(error as { code?: string }).code ?? 'INTERNAL'}`);
    await core.shutdown();
  },
);
