import type { InputHTMLAttributes, ReactNode } from 'react';
import { Field, TextInput } from './Field';

/**
 * A labelled text input with its hint and error, tied to it for screen readers. `trailing` sits
 * right of the input (e.g. a button that shows a masked key).
 */
export function TextField({
  label,
  hint,
  error,
  trailing,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  trailing?: ReactNode;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(id, describedBy) => {
        const control = <TextInput id={id} aria-describedby={describedBy} {...input} />;
        return trailing ? (
          <div className="input-with-button">
            {control}
            {trailing}
          </div>
        ) : (
          control
        );
      }}
    </Field>
  );
}
