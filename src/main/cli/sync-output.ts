import type { SyncProgress, SyncRunSummary } from '../../shared/domain/runs';
import type { ConsoleCore } from '../core/core';
import type { CliIo } from './command';

/**
 * How the CLI shows a sync: on a terminal a live line with a progress bar per resource (stderr),
 * redrawn in place; otherwise a plain line per finished resource; nothing in --json (which prints
 * one document at the end).
 */

export function printProgress(core: ConsoleCore, io: CliIo): () => void {
  if (io.json) return () => undefined;
  let live = false;
  // Resources being read now (several at once), by name, in the order they started.
  const active = new Map<string, SyncProgress>();
  const off = core.context.events.on('sync:progress', (progress: SyncProgress) => {
    if (progress.runFinished || !progress.resourceLabel) return;
    const name = progress.resource ?? progress.resourceLabel;
    if (io.interactive) {
      const columns = process.stderr.columns ?? 100;
      if (progress.finished) {
        active.delete(name);
        process.stderr.write(`\r\x1b[2K${progressLine(progress, columns)}\n`);
      } else {
        active.set(name, progress);
      }
      live = active.size > 0;
      if (live) process.stderr.write(`\r\x1b[2K${activeLine([...active.values()], columns)}`);
    } else if (progress.finished) {
      io.out(plainLine(progress));
    }
  });
  return () => {
    off();
    if (live) process.stderr.write('\n');
  };
}

/**
 * The live line while several resources are read at once:
 * `  3 at once: Candidates (4 parts) 12,300 · Applications 8,100 · Jobs 40  ~2 min 10 s left`;
 * with one, that resource's own line. The time left is the run's (all resources, held to the
 * connection's request limit) when every total is known.
 */
export function activeLine(reading: SyncProgress[], columns: number): string {
  if (reading.length === 1) return progressLine(reading[0]!, columns);
  const parts = reading.map((progress) => {
    const streams = progress.streams && progress.streams > 1 ? ` (${progress.streams} parts)` : '';
    return `${progress.resourceLabel ?? progress.resource ?? ''}${streams} ${progress.done.toLocaleString('en-US')}`;
  });
  const runEta = reading.find((progress) => progress.runEtaSeconds)?.runEtaSeconds;
  const eta = runEta ? `  ~${formatSeconds(runEta)} left` : '';
  const line = `  ${reading.length} at once: ${parts.join(' · ')}${eta}`;
  return line.length >= columns ? line.slice(0, Math.max(10, columns - 1)) : line;
}

const BAR_WIDTH = 24;

/**
 * One terminal line: `  Candidates (6/7)  [#########---------------]  600 of ~1,452  836/s  ~1 s left`;
 * the bar fills when the resource's size is known (from its last full read), else it shows the
 * count alone. Cut to the terminal's width so the line never wraps (a wrapped line cannot be
 * redrawn in place).
 */
export function progressLine(progress: SyncProgress, columns: number): string {
  const position =
    progress.phase !== 'push' && progress.resourceIndex !== undefined && progress.resourceCount
      ? ` (${progress.resourceIndex + 1}/${progress.resourceCount})`
      : '';
  const label = `${progress.resourceLabel ?? progress.resource ?? ''}${position}`.padEnd(34);
  const share = nothingToSend(progress)
    ? null
    : progress.finished
      ? 1
      : progress.total
        ? Math.min(1, progress.done / progress.total)
        : null;
  const bar =
    share === null ? '' : `[${'#'.repeat(Math.round(share * BAR_WIDTH)).padEnd(BAR_WIDTH, '-')}]  `;
  const rate = progress.ratePerSecond
    ? `  ${progress.ratePerSecond.toLocaleString('en-US')}/s`
    : '';
  const eta =
    !progress.finished && progress.etaSeconds
      ? `  ~${formatSeconds(progress.etaSeconds)} left`
      : '';
  const line = `  ${label}${bar}${counted(progress)}${rate}${eta}`;
  return line.length >= columns ? line.slice(0, Math.max(10, columns - 1)) : line;
}

function plainLine(progress: SyncProgress): string {
  return `  ${(progress.resourceLabel ?? '').padEnd(28)}${counted(progress)}${
    progress.mode ? `  (${progress.mode} read)` : ''
  }`;
}

function nothingToSend(progress: SyncProgress): boolean {
  return progress.phase === 'push' && progress.done === 0 && !progress.total;
}

function counted(progress: SyncProgress): string {
  const push = progress.phase === 'push';
  if (nothingToSend(progress)) return 'nothing to send';
  const noun = (push ? 'write' : 'record') + (progress.done === 1 && !progress.total ? '' : 's');
  return `${progress.done.toLocaleString('en-US')}${progress.total ? ` of ~${progress.total.toLocaleString('en-US')}` : ''} ${noun}`;
}

export function printRun(io: CliIo, label: string, run: SyncRunSummary): void {
  if (io.json) return;
  const seconds =
    run.finishedAt && run.startedAt
      ? ((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)
      : '?';
  io.out(
    `${label}: ${run.status} in ${seconds} s (${run.mode}, ${run.requests} requests). ${run.message ?? ''}`,
  );
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
