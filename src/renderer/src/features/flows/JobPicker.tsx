import type { JobOption } from '../../../../shared/domain/kula';
import { Select } from '../../ui/Field';

/** Open jobs (Ashby) and published postings (Lever) from the cache, grouped by connection. */
export function JobPicker({
  id,
  jobs,
  value,
  onChange,
  describedBy,
  noneLabel = 'Not linked to an ATS job',
}: {
  id: string;
  jobs: JobOption[];
  value: string;
  onChange: (value: string) => void;
  describedBy?: string | undefined;
  noneLabel?: string;
}) {
  const groups = new Map<string, JobOption[]>();
  for (const job of jobs)
    groups.set(job.connectionLabel, [...(groups.get(job.connectionLabel) ?? []), job]);
  return (
    <Select
      id={id}
      aria-describedby={describedBy}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    >
      <option value="">{noneLabel}</option>
      {[...groups.entries()].map(([label, options]) => (
        <optgroup key={label} label={label}>
          {options.map((job) => (
            <option key={`${job.connectionId}-${job.jobId}`} value={jobKey(job)}>
              {job.title}
              {job.location ? ` · ${job.location}` : ''}
            </option>
          ))}
        </optgroup>
      ))}
    </Select>
  );
}

export const jobKey = (job: { connectionId: string; jobId: string }) =>
  `${job.connectionId}::${job.jobId}`;

export function parseJobKey(value: string): { connectionId: string; jobId: string } | null {
  const separator = value.indexOf('::');
  if (separator <= 0) return null;
  return { connectionId: value.slice(0, separator), jobId: value.slice(separator + 2) };
}
