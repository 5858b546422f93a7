import { describe, expect, it } from 'vitest';
import { jobKey, parseJobKey } from '../../../../src/renderer/src/features/flows/job-key';

describe('job keys', () => {
  it('reads back the connection and job a key was made of', () => {
    const job = { connectionId: 'conn-1', jobId: 'job::with::colons' };
    expect(parseJobKey(jobKey(job))).toEqual(job);
  });

  it('reads the empty choice ("not linked") as no job', () => {
    expect(parseJobKey('')).toBeNull();
  });

  it('reads a value without a connection or without a job as no job', () => {
    expect(parseJobKey('::job-1')).toBeNull();
    expect(parseJobKey('conn-1::')).toBeNull();
    expect(parseJobKey('conn-1')).toBeNull();
  });
});
