import { Search } from 'lucide-react';
import { useEffect, useState } from 'react';
import { TextInput } from '../../ui/Field';

/**
 * A search field that commits what was typed after a short pause. Mount it with `key={value}` so
 * it restarts from the committed value when that changes elsewhere (the back button, a link).
 */
export function SearchBox({
  value,
  onCommit,
  label,
  placeholder,
  maxLength,
  className,
}: {
  value: string;
  onCommit: (value: string) => void;
  label: string;
  placeholder: string;
  maxLength: number;
  className?: string;
}) {
  const [text, setText] = useState(value);
  useEffect(() => {
    if (text === value) return;
    const timer = window.setTimeout(() => onCommit(text), 350);
    return () => window.clearTimeout(timer);
  }, [text, value, onCommit]);
  return (
    <div className={['search-box', className].filter(Boolean).join(' ')}>
      <Search size={16} aria-hidden className="search-box-icon" />
      <TextInput
        type="search"
        aria-label={label}
        placeholder={placeholder}
        value={text}
        maxLength={maxLength}
        onChange={(event) => setText(event.target.value)}
      />
    </div>
  );
}
