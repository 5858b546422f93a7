/** One job of one connection as a single select value: `<connectionId>::<jobId>`. */
export const jobKey = (job: { connectionId: string; jobId: string }) =>
  `${job.connectionId}::${job.jobId}`;

/** The job a select value names; null for the empty choice or anything that names no job. */
export function parseJobKey(value: string): { connectionId: string; jobId: string } | null {
  const separator = value.indexOf('::');
  if (separator <= 0) return null;
  const jobId = value.slice(separator + 2);
  return jobId ? { connectionId: value.slice(0, separator), jobId } : null;
}
