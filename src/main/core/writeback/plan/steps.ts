import type { ErrorCode } from '../../../../shared/ipc/result';
import type {
  Answers,
  Ask,
  Blocked,
  Check,
  Finish,
  Leaves,
  LookupOf,
  PreviewLine,
  Responses,
  Send,
  Settled,
  WriteKind,
  WriteOf,
  WritePlan,
} from './types';

/** The steps of a plan, built with their types checked (see types.ts). */

/** The row ends without a write: done (it is so already) or skipped (a rule says no). */
export function finish(
  state: 'done' | 'skipped',
  outcome: string,
  preview: PreviewLine,
  extra: Omit<Settled, 'step' | 'state' | 'outcome'> = {},
): Finish {
  return { step: 'finish', state, outcome, ...extra, preview };
}

/** Skipped by a rule; the preview says so in its own words. */
export function skip(outcome: string, previewSummary: string = outcome): Finish {
  return finish('skipped', outcome, { verb: 'skip', summary: previewSummary });
}

export function blocked(code: ErrorCode, message: string, action?: string): Blocked {
  return {
    step: 'blocked',
    code,
    message,
    action,
    preview: { verb: 'blocked', summary: message, detail: action ?? null },
  };
}

export function candidateGone(): Blocked {
  return blocked('NOT_FOUND', 'The Kula candidate no longer exists.');
}

/** Ask the ATS first; the branches are typed by the lookup's answer. */
export function check<K extends Ask>(
  lookup: LookupOf<K>,
  expected: Answers[K] | null,
  then: (answer: Answers[K] | null) => WritePlan,
): Check {
  return { step: 'check', lookup, expected, then: then as (answer: unknown) => WritePlan };
}

/** The one write, and how its answer settles the row. */
export function send<K extends WriteKind>(
  write: WriteOf<K>,
  options: {
    guard?: Record<string, unknown>;
    preview: PreviewLine;
    expect?: Leaves;
    shows?: { kind: 'note' | 'message'; text: string };
  },
  then: (response: Responses[K]) => Settled,
): Send {
  return {
    step: 'send',
    write,
    guard: options.guard ?? null,
    preview: options.preview,
    expect: options.expect ?? {},
    ...(options.shows ? { shows: options.shows } : {}),
    then: then as (response: unknown) => Settled,
  };
}

/** A settled end (after a write: the preview never reaches it, so it needs no preview line). */
export function settled(
  outcome: string,
  extra: Omit<Settled, 'step' | 'state' | 'outcome'> = {},
): Settled {
  return { step: 'finish', state: 'done', outcome, ...extra };
}
