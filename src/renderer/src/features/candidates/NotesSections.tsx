import { ArrowDownLeft, ArrowUpRight } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import {
  MESSAGE_CHANNELS,
  type CandidateDetail,
  type MessageChannel,
  type MessageDirection,
} from '../../../../shared/domain/kula';
import { call } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { Toggle } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { PrivateMark } from './PrivateMark';

const CHANNEL_LABELS: Record<MessageChannel, string> = {
  email: 'Email',
  linkedin: 'LinkedIn',
  sms: 'SMS',
  phone: 'Phone call',
  other: 'Other',
};

/** Notes, with the Private switch: a private note never leaves the console. */
export function NotesSection({ candidate }: { candidate: CandidateDetail }) {
  const [body, setBody] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const linked = candidate.applications.length > 0;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      await call('notes:add', { candidateId: candidate.id, body, private: isPrivate });
      setBody('');
      setError(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card title="Notes" data-testid="notes">
      <form onSubmit={(event) => void submit(event)} className="stack-tight">
        <textarea
          className="input textarea"
          aria-label="New note"
          placeholder="Write a note…"
          value={body}
          onChange={(event) => setBody(event.target.value)}
          rows={3}
        />
        <Toggle
          checked={isPrivate}
          onChange={setPrivate}
          label="Private"
          description={
            isPrivate
              ? 'Stays in Kula: never sent to an ATS, never written to a log.'
              : linked
                ? 'Public: added as a note on the ATS candidate (once they exist there).'
                : 'Public: added to the ATS if the console later creates this candidate there.'
          }
        />
        <ErrorBanner error={error} />
        <div className="form-actions">
          <Button type="submit" variant="primary" size="sm" busy={saving} disabled={!body.trim()}>
            Add note
          </Button>
        </div>
      </form>
      {candidate.notes.length === 0 ? <p className="muted small">No notes yet.</p> : null}
      <ul className="entries">
        {[...candidate.notes].reverse().map((note) => (
          <li key={note.id} className="entry">
            <div className="entry-head small muted">
              {note.author} · {dateTime(note.createdAt)} {note.private ? <PrivateMark /> : null}
            </div>
            <div className="entry-body">{note.body}</div>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** Logged conversation messages; each becomes an ATS note marked as a Kula message. */
export function ConversationSection({ candidate }: { candidate: CandidateDetail }) {
  const [body, setBody] = useState('');
  const [direction, setDirection] = useState<MessageDirection>('outbound');
  const [channel, setChannel] = useState<MessageChannel>('email');
  const [sender, setSender] = useState('');
  const [sentAt, setSentAt] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      await call('messages:log', {
        candidateId: candidate.id,
        body,
        direction,
        channel,
        ...(sender.trim() ? { sender: sender.trim() } : {}),
        ...(sentAt ? { sentAt: new Date(sentAt).toISOString() } : {}),
      });
      setBody('');
      setError(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card title="Conversation" data-testid="conversation">
      <form onSubmit={(event) => void submit(event)} className="stack-tight">
        <div className="inline-fields">
          <SelectField
            label="Direction"
            value={direction}
            onChange={(event) => setDirection(event.target.value as MessageDirection)}
          >
            <option value="outbound">Sent to the candidate</option>
            <option value="inbound">Received from the candidate</option>
          </SelectField>
          <SelectField
            label="Channel"
            value={channel}
            onChange={(event) => setChannel(event.target.value as MessageChannel)}
          >
            {MESSAGE_CHANNELS.map((item) => (
              <option key={item} value={item}>
                {CHANNEL_LABELS[item]}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Sender"
            value={sender}
            placeholder={direction === 'inbound' ? candidate.name : 'You'}
            onChange={(event) => setSender(event.target.value)}
          />
          <TextField
            label="Time"
            type="datetime-local"
            value={sentAt}
            onChange={(event) => setSentAt(event.target.value)}
          />
        </div>
        <textarea
          className="input textarea"
          aria-label="Message"
          placeholder="Paste the message…"
          value={body}
          onChange={(event) => setBody(event.target.value)}
          rows={3}
        />
        <ErrorBanner error={error} />
        <div className="form-actions">
          <Button type="submit" size="sm" variant="primary" busy={saving} disabled={!body.trim()}>
            Log message
          </Button>
        </div>
      </form>
      {candidate.messages.length === 0 ? <p className="muted small">No messages logged.</p> : null}
      <ul className="entries">
        {[...candidate.messages].reverse().map((message) => (
          <li key={message.id} className={`entry entry-${message.direction}`}>
            <div className="entry-head small muted">
              {message.direction === 'inbound' ? (
                <ArrowDownLeft size={12} aria-label="Received" />
              ) : (
                <ArrowUpRight size={12} aria-label="Sent" />
              )}{' '}
              {message.sender} · {CHANNEL_LABELS[message.channel] ?? message.channel} ·{' '}
              {dateTime(message.sentAt)}
            </div>
            <div className="entry-body">{message.body}</div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
