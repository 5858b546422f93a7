import { FileUp } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import {
  RESUME_MAX_BYTES,
  RESUME_TYPES,
  type CandidateDetail,
} from '../../../../shared/domain/kula';
import { call, describeError } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { useQuery } from '../../lib/use-query';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { Field, Select, TextInput } from '../../ui/Field';

/** Resumes: uploaded as bytes over IPC (the renderer has no disk access), capped in size. */
export function ResumeSection({ candidate }: { candidate: CandidateDetail }) {
  const [error, setError] = useState<{ message: string; action?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > RESUME_MAX_BYTES) {
      setError({
        message: `“${file.name}” is ${(file.size / 1024 / 1024).toFixed(1)} MB; resumes can be at most ${RESUME_MAX_BYTES / 1024 / 1024} MB.`,
        action: 'Choose a smaller file.',
      });
      return;
    }
    setBusy(true);
    try {
      await call('resumes:upload', {
        candidateId: candidate.id,
        fileName: file.name,
        base64: toBase64(new Uint8Array(await file.arrayBuffer())),
      });
      setError(null);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="Resume" data-testid="resume">
      {candidate.resumes.length === 0 ? <p className="muted small">No resume yet.</p> : null}
      <ul className="entries">
        {candidate.resumes.map((resume, index) => (
          <li key={resume.id} className="entry">
            <strong>{resume.fileName}</strong>{' '}
            {index === 0 ? <span className="small muted">(current)</span> : null}
            <div className="small muted">
              {Math.max(1, Math.round(resume.size / 1024))} KB · {resume.uploadedBy} ·{' '}
              {dateTime(resume.uploadedAt)}
            </div>
          </li>
        ))}
      </ul>
      <p className="small muted">
        Goes to the candidate’s current ATS application only if the console created it and it has no
        resume yet.
      </p>
      <label className={`btn btn-secondary btn-sm file-button ${busy ? 'is-busy' : ''}`}>
        <FileUp size={14} aria-hidden />
        <span>{busy ? 'Uploading…' : 'Upload a resume'}</span>
        <input
          type="file"
          className="sr-only"
          aria-label="Resume file"
          accept={Object.keys(RESUME_TYPES)
            .map((extension) => `.${extension}`)
            .join(',')}
          onChange={(event) => {
            void upload(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
      </label>
      {error ? (
        <Banner tone="danger" title={error.message}>
          {error.action}
        </Banner>
      ) : null}
    </Card>
  );
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Referrals through circles: refer the candidate to an open ATS job. */
export function ReferralSection({ candidate }: { candidate: CandidateDetail }) {
  const jobs = useQuery(() => call('flows:open-jobs', {}), ['ats_jobs', 'connections'], []);
  const [referrer, setReferrer] = useState('');
  const [referrerEmail, setReferrerEmail] = useState('');
  const [job, setJob] = useState('');
  const [error, setError] = useState<{ message: string; action?: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const separator = job.indexOf('::');
    const connectionId = job.slice(0, separator);
    const jobId = job.slice(separator + 2);
    if (!connectionId || !jobId) return;
    setSaving(true);
    try {
      await call('referrals:create', {
        candidate: candidate.id,
        referrerName: referrer,
        referrerEmail: referrerEmail || null,
        job: { connectionId, jobId },
      });
      setReferrer('');
      setReferrerEmail('');
      setJob('');
      setError(null);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card title="Referrals" data-testid="referrals">
      <ul className="entries">
        {candidate.referrals.map((referral) => (
          <li key={referral.id} className="entry">
            Referred by <strong>{referral.referrerName}</strong>
            {referral.jobTitle ? ` to “${referral.jobTitle}”` : ''}
            <div className="small muted">
              {referral.connectionLabel ?? ''} · {dateTime(referral.createdAt)}
            </div>
          </li>
        ))}
      </ul>
      <form onSubmit={(event) => void submit(event)} className="stack-tight">
        <Field label="Referred by">
          {(id) => (
            <TextInput
              id={id}
              value={referrer}
              onChange={(event) => setReferrer(event.target.value)}
            />
          )}
        </Field>
        <Field label="Referrer’s email (optional)">
          {(id) => (
            <TextInput
              id={id}
              type="email"
              value={referrerEmail}
              onChange={(event) => setReferrerEmail(event.target.value)}
            />
          )}
        </Field>
        <Field
          label="Job"
          hint="Open jobs (Ashby) and published postings (Lever) from the local cache."
        >
          {(id, describedBy) => (
            <Select
              id={id}
              aria-describedby={describedBy}
              value={job}
              onChange={(event) => setJob(event.target.value)}
            >
              <option value="">Choose a job…</option>
              {(jobs.data ?? []).map((option) => (
                <option
                  key={`${option.connectionId}-${option.jobId}`}
                  value={`${option.connectionId}::${option.jobId}`}
                >
                  {option.connectionLabel}: {option.title}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {error ? (
          <Banner tone="danger" title={error.message}>
            {error.action}
          </Banner>
        ) : null}
        <div className="form-actions">
          <Button
            type="submit"
            size="sm"
            variant="primary"
            busy={saving}
            disabled={!referrer.trim() || !job}
          >
            Refer to this job
          </Button>
        </div>
      </form>
    </Card>
  );
}
