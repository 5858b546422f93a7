import type { SyncProgress, SyncRunSummary } from '../../shared/domain/runs';
import type { ConsoleCore } from '../core/core';
import type { CliIo } from './command';

/**
 * How the CLI shows a sync: a live line per resource on a terminal (stderr), a line per finished
 * resource otherwise, nothing in --json (which prints one document at the end).
 */

export function printProgress(core: ConsoleCore, io: CliIo): () => void {
  if (io.json) return () => undefined;
  let live = false;
  const off = core.context.events.on('sync:progress', (progress: SyncProgress) => {
    if (progress.runFinished || !progress.resourceLabel) return;
    const label = progress.resourceLabel.padEnd(28);
    const rate = progress.ratePerSecond
      ? `  ${progress.ratePerSecond.toLocaleString('en-US')}/s`
      : '';
    const count = `${progress.done.toLocaleString('en-US')}${progress.total ? ` of ~${progress.total.toLocaleString('en-US')}` : ''} records`;
    const eta =
      !progress.finished && progress.etaSeconds
        ? `  ~${formatSeconds(progress.etaSeconds)} left`
        : '';
    if (io.interactive) {
      process.stderr.write(`\r\x1b[2K  ${label}${count}${rate}${eta}`);
      live = true;
      if (progress.finished) {
        process.stderr.write('\n');
        live = false;
      }
    } else if (progress.finished) {
      io.out(`  ${label}${count}${progress.mode ? `  (${progress.mode} read)` : ''}`);
    }
  });
  return () => {
    off();
    if (live) process.stderr.write('\n');
  };
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
