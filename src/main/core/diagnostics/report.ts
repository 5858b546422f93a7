import os from 'node:os';
import path from 'node:path';
import type { ConnectionSummary } from '../../../shared/domain/connections';
import type { ConnectionSchedule } from '../../../shared/domain/schedule';
import type { CoreBasics } from '../basics';
import { schemaVersion } from '../db/database';
import { queryLog } from '../db/repos/sync-log-query';
import { listRuns } from '../db/repos/sync-runs';
import { LOG_FILE_NAMES } from '../logging/log-files';
import { logDir } from '../paths';
import type { SettingsStore } from '../settings/settings-store';
import type { Vault } from '../vault/vault';
import type { WriteBackService } from '../writeback/service';
import { readLogTail } from './log-tail';

export type DiagnosticsDeps = Pick<CoreBasics, 'db' | 'clock' | 'redactor'> & {
  dataDir: string;
  appVersion: string;
  settings: Pick<SettingsStore, 'get'>;
  vault: Pick<Vault, 'status'>;
  connections: { list(): ConnectionSummary[] };
  scheduler: { status(): ConnectionSchedule[] };
  writeBack: Pick<WriteBackService, 'counts'>;
};

export interface DiagnosticsHost {
  /** Versions the host knows beyond the app's own: Electron, Chromium, Node. */
  versions: Record<string, string | undefined>;
  /** Which process made the file (`app`, `cli`). */
  madeBy: string;
}

const RECENT_RUNS = 20;
const RECENT_PROBLEMS = 50;
const LOG_LINES = 200;

/**
 * The text of "Save diagnostics…": one file an admin can attach to a support request. It holds
 * what support asks for first (versions, the OS, the schema version, each connection's state and
 * schedule, the recent runs and their errors, the sync log's recent warnings and errors, the last
 * lines of the diagnostic logs) and nothing secret: no credential is read to build it, connection
 * checks are summarised, notes and messages are never read, and every line passes the redactor
 * (which knows each secret this process handled) once more at the end.
 */
export function buildDiagnostics(deps: DiagnosticsDeps, host: DiagnosticsHost): string {
  const { db, redactor } = deps;
  const now = new Date(deps.clock.now()).toISOString();
  const connections = deps.connections.list();
  const labelOf = (id: string | null) =>
    (id && connections.find((connection) => connection.id === id)?.label) ?? id ?? '—';
  const schedules = new Map(deps.scheduler.status().map((s) => [s.connectionId, s]));
  const outbox = new Map(deps.writeBack.counts().map((c) => [c.connectionId, c]));
  const vault = deps.vault.status();
  const settings = deps.settings.get();

  const out: string[] = [];
  const section = (title: string) => out.push('', `== ${title} ==`);
  out.push('Kula ATS Console diagnostics', `Made: ${now} by the ${host.madeBy}`);

  section('Versions');
  out.push(`App: ${deps.appVersion}`);
  for (const [name, version] of Object.entries(host.versions)) {
    if (version) out.push(`${name}: ${version}`);
  }
  out.push(`Database schema: ${schemaVersion(db)}`);
  out.push(`OS: ${os.type()} ${os.release()} (${process.platform}-${process.arch})`);
  out.push(`Data folder: ${homeRelative(deps.dataDir)}`);
  out.push(
    `Credential storage: ${vault.backend}, ${vault.available ? 'available' : `unavailable (${vault.reason ?? 'no reason given'})`}`,
  );

  section('Settings');
  out.push(JSON.stringify(settings));

  section(`Connections (${connections.length})`);
  if (connections.length === 0) out.push('None.');
  for (const connection of connections) {
    const schedule = schedules.get(connection.id);
    const writes = outbox.get(connection.id);
    const missing = (connection.check?.permissions ?? [])
      .filter((permission) => permission.granted !== true)
      .map((permission) => `${permission.name} (${String(permission.granted)})`);
    const setupNotOk = (connection.check?.setup ?? []).filter((item) => !item.ok);
    out.push(
      `- ${connection.label} [${connection.id}] ${connection.provider}, ${connection.authMode}, ${connection.status}` +
        `${connection.hasCredential ? '' : ', no stored credential'}`,
      `  host: ${connection.baseUrl}; last sync: ${connection.lastSyncAt ?? 'never'}; last success: ${connection.lastSuccessAt ?? 'never'}; checked: ${connection.checkedAt ?? 'never'}`,
      `  permissions not granted: ${missing.length ? missing.join(', ') : 'none'}; setup to do: ${setupNotOk.length ? setupNotOk.map((item) => item.title).join(', ') : 'none'}`,
      `  request limit: ${connection.rateLimit ? `${connection.rateLimit.perSecond}/s, burst ${connection.rateLimit.burst}` : 'off'}${connection.rateLimitIsDefault ? ' (default)' : ''}; write user set: ${connection.writeUserId ? 'yes' : 'no'}`,
    );
    if (schedule) {
      out.push(
        `  schedule: ${schedule.state}, ${schedule.enabled ? `every ${schedule.intervalMinutes} min` : 'automatic syncs off'}, next ${schedule.nextRunAt ?? '—'}, failures in a row ${schedule.consecutiveFailures}${schedule.lastFailure ? `, last failure: ${schedule.lastFailure}` : ''}`,
      );
    }
    if (writes) {
      out.push(
        `  outbox: ${writes.pending} pending, ${writes.inFlight} in flight, ${writes.failed} failed, ${writes.done} done; oldest open ${writes.oldestOpenAt ?? '—'}`,
      );
    }
  }

  section(`Recent runs (last ${RECENT_RUNS})`);
  const runs = listRuns(db, { limit: RECENT_RUNS });
  if (runs.length === 0) out.push('None.');
  for (const run of runs) {
    out.push(
      `#${run.id} ${labelOf(run.connectionId)} ${run.trigger}/${run.mode} ${run.status} ${run.startedAt} → ${run.finishedAt ?? 'running'}; pulled ${run.recordsPulled}, pushed ${run.recordsPushed}, errors ${run.errors}, requests ${run.requests}` +
        `${run.errorCode ? `; ${run.errorCode}` : ''}${run.message ? `; ${run.message}` : ''}`,
    );
  }

  section(`Recent warnings and errors in the sync log (last ${RECENT_PROBLEMS})`);
  const problems = queryLog(db, { levels: ['warn', 'error'] }, undefined, RECENT_PROBLEMS).lines;
  if (problems.length === 0) out.push('None.');
  for (const line of problems) {
    out.push(
      `${line.at} ${line.level} ${labelOf(line.connectionId)}${line.runId ? ` run #${line.runId}` : ''}` +
        `${line.apiCall ? ` ${line.apiCall}` : ''}${line.result ? ` → ${line.result}` : ''}${line.requestId ? ` (request ${line.requestId})` : ''}: ${line.message}` +
        `${line.nextStep ? ` Next step: ${line.nextStep}` : ''}`,
    );
  }

  for (const name of Object.values(LOG_FILE_NAMES)) {
    const lines = readLogTail(path.join(logDir(deps.dataDir), name), LOG_LINES);
    section(`logs/${name} (last ${LOG_LINES} lines)`);
    out.push(...(lines.length ? lines : ['Empty or missing.']));
  }

  return redactor.text(out.join('\n')) + '\n';
}

/** The data folder with the home folder shortened to `~` (the user's name is not support's business). */
function homeRelative(dir: string): string {
  const home = os.homedir();
  return home && dir.startsWith(home + path.sep) ? `~${dir.slice(home.length)}` : dir;
}

/** The file name "Save diagnostics…" proposes: `kula-console-diagnostics-2025-01-02-0930.txt`. */
export function diagnosticsFileName(at: Date): string {
  const stamp = at.toISOString().slice(0, 16).replace('T', '-').replace(':', '');
  return `kula-console-diagnostics-${stamp}.txt`;
}
