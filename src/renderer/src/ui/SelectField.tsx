import type { ReactNode, SelectHTMLAttributes } from 'react';
import { Field, Select } from './Field';

/** A labelled select with its hint and error, tied to it for screen readers. */
export function SelectField({
  label,
  hint,
  error,
  ...select
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(id, describedBy) => <Select id={id} aria-describedby={describedBy} {...select} />}
    </Field>
  );
}
