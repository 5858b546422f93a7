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
  const off = core.context.events.on('sync:progress', (progress: SyncProgress) => {
    if (progress.runFinished || !progress.resourceLabel) return;
    if (io.interactive) {
      process.stderr.write(`\r\x1b[2K${progressLine(progress, process.stderr.columns ?? 100)}`);
      live = true;
      if (progress.finished) {
        process.stderr.write('\n');
        live = false;
      }
    } else if (progress.finished) {
      io.out(plainLine(progress));
    }
  });
  return () => {
    off();
    if (live) process.stderr.write('\n');
  };
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
