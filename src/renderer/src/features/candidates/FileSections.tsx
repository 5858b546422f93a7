import { FileUp } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import {
  RESUME_MAX_BYTES,
  RESUME_TYPES,
  type CandidateDetail,
} from '../../../../shared/domain/kula';
import { call, localError } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { TextField } from '../../ui/TextField';
import { parseJobKey } from '../flows/job-key';
import { OpenJobPicker } from '../flows/OpenJobPicker';

/** Resumes: uploaded as bytes over IPC (the renderer has no disk access), capped in size. */
export function ResumeSection({ candidate }: { candidate: CandidateDetail }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > RESUME_MAX_BYTES) {
      setError(
        localError(
          `“${file.name}” is ${(file.size / 1024 / 1024).toFixed(1)} MB; resumes can be at most ${RESUME_MAX_BYTES / 1024 / 1024} MB.`,
          'Choose a smaller file.',
        ),
      );
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
      setError(caught);
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
      <ErrorBanner error={error} />
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
  const [referrer, setReferrer] = useState('');
  const [referrerEmail, setReferrerEmail] = useState('');
  const [job, setJob] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const target = parseJobKey(job);
    if (!target) return;
    setSaving(true);
    try {
      await call('referrals:create', {
        candidate: candidate.id,
        referrerName: referrer,
        referrerEmail: referrerEmail || null,
        job: target,
      });
      setReferrer('');
      setReferrerEmail('');
      setJob('');
      setError(null);
    } catch (caught) {
      setError(caught);
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
        <TextField
          label="Referred by"
          value={referrer}
          onChange={(event) => setReferrer(event.target.value)}
        />
        <TextField
          label="Referrer’s email (optional)"
          type="email"
          value={referrerEmail}
          onChange={(event) => setReferrerEmail(event.target.value)}
        />
        <OpenJobPicker
          label="Job"
          hint="Open jobs (Ashby) and published postings (Lever) from the local cache."
          noneLabel="Choose a job…"
          value={job}
          onChange={setJob}
        />
        <ErrorBanner error={error} />
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
