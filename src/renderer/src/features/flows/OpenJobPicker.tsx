import type { ReactNode } from 'react';
import type { JobOption } from '../../../../shared/domain/kula';
import { call } from '../../lib/api';
import { useQuery, type Query } from '../../lib/use-query';
import { SelectField } from '../../ui/SelectField';
import { jobKey } from './job-key';

/** Open jobs (Ashby) and published postings (Lever) in the cache, kept current. */
export function useOpenJobs(): Query<JobOption[]> {
  return useQuery(() => call('flows:open-jobs', {}), ['flows:open-jobs'], []);
}

/**
 * Chooses one open job, grouped by connection; the value is a `jobKey` (`parseJobKey` reads it
 * back), or empty for `noneLabel`. `emptyHint` replaces `hint` once the cache turns out to hold no
 * open job.
 */
export function OpenJobPicker({
  label,
  hint,
  emptyHint,
  error,
  value,
  onChange,
  noneLabel = 'Not linked to an ATS job',
}: {
  label: string;
  hint?: ReactNode;
  emptyHint?: ReactNode;
  error?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  noneLabel?: string;
}) {
  const jobs = useOpenJobs().data;
  const groups = new Map<string, JobOption[]>();
  for (const job of jobs ?? [])
    groups.set(job.connectionLabel, [...(groups.get(job.connectionLabel) ?? []), job]);
  return (
    <SelectField
      label={label}
      hint={jobs && jobs.length === 0 && emptyHint ? emptyHint : hint}
      error={error}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    >
      <option value="">{noneLabel}</option>
      {[...groups.entries()].map(([group, options]) => (
        <optgroup key={group} label={group}>
          {options.map((job) => (
            <option key={`${job.connectionId}-${job.jobId}`} value={jobKey(job)}>
              {job.title}
              {job.location ? ` · ${job.location}` : ''}
            </option>
          ))}
        </optgroup>
      ))}
    </SelectField>
  );
}
