/**
 * A progress bar; without `value` it is indeterminate (the total is not known yet). The width is
 * set through the CSSOM (React's `style`), which the CSP's `style-src 'self'` allows; only inline
 * style markup is refused.
 */
export function ProgressBar({
  value,
  label,
  tone = 'primary',
}: {
  /** 0..1, or null when unknown. */
  value: number | null;
  label: string;
  tone?: 'primary' | 'success' | 'danger';
}) {
  const percent = value === null ? undefined : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className={`progress progress-${tone} ${percent === undefined ? 'progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div
        className="progress-fill"
        style={percent === undefined ? undefined : { width: `${percent}%` }}
      />
    </div>
  );
}
