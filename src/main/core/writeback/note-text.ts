import type { MessageRowDb, NoteRowDb } from '../db/repos/kula';

/**
 * How a Kula note or conversation message reads in the ATS. Each carries a reference line with the
 * Kula record's id: the outbox looks for it before re-sending a note whose first attempt may have
 * arrived (the ATSs have no idempotency keys), so a retry never adds a second copy.
 */

export function noteRef(kind: 'note' | 'message', id: string): string {
  return `kula-ref ${kind === 'note' ? 'n' : 'm'}:${id}`;
}

export function noteText(note: NoteRowDb): string {
  return [
    `Note from Kula by ${note.author}, ${readableTime(note.created_at)}`,
    '',
    note.body,
    '',
    `(${noteRef('note', note.id)})`,
  ].join('\n');
}

const CHANNELS: Record<string, string> = {
  email: 'email',
  linkedin: 'LinkedIn',
  sms: 'SMS',
  phone: 'phone',
  other: 'another channel',
};

export function messageText(message: MessageRowDb): string {
  const how = CHANNELS[message.channel] ?? message.channel;
  const header =
    message.direction === 'inbound'
      ? `Kula conversation: message received from ${message.sender} by ${how}, ${readableTime(message.sent_at)}`
      : `Kula conversation: message sent by ${message.sender} by ${how}, ${readableTime(message.sent_at)}`;
  return [header, '', message.body, '', `(${noteRef('message', message.id)})`].join('\n');
}

/** `2025-01-02 09:30 UTC`: the same for every reader, whatever their time zone. */
export function readableTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
