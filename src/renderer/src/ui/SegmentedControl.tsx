import { useRef, type KeyboardEvent } from 'react';
import { arrowTarget } from './roving';

/**
 * A small set of mutually exclusive choices (e.g. All / Open / Closed), as a radio group: one
 * Tab stop (the checked option), and the arrow keys move to the next option and choose it.
 */
export function SegmentedControl<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: Array<{ value: T; label: string }>;
  onChange: (value: T) => void;
}) {
  const group = useRef<HTMLDivElement>(null);
  const checked = Math.max(
    0,
    options.findIndex((option) => option.value === value),
  );
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const target = arrowTarget(event.key, index, options.length);
    if (target === null) return;
    event.preventDefault();
    group.current?.querySelectorAll<HTMLButtonElement>('[role="radio"]')[target]?.focus();
    onChange(options[target]!.value);
  };
  return (
    <div className="segmented" role="radiogroup" aria-label={label} ref={group}>
      {options.map((option, index) => (
        <button
          key={option.value}
          type="button"
          role="radio"
          aria-checked={option.value === value}
          tabIndex={index === checked ? 0 : -1}
          className={`segmented-option ${option.value === value ? 'segmented-active' : ''}`}
          onClick={() => onChange(option.value)}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
