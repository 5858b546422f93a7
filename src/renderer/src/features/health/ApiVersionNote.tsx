import type { ApiVersionHealth } from '../../../../shared/domain/health';
import { Banner } from '../../ui/Banner';

/**
 * The ATS API version the console pins, and what the ATS said it answered with: the console asks
 * for the version its readers were written for, so a newer default cannot change what it reads;
 * a version the ATS marks as going away is worth a warning before it does.
 */
export function ApiVersionNote({ ats, version }: { ats: string; version: ApiVersionHealth }) {
  const answeredOther = version.answered !== null && version.answered !== version.pinned;
  const ageing = version.status !== null && version.status !== 'active';
  return (
    <div className="api-version" data-testid="api-version">
      <p className="muted small">
        {ats} API version <strong>{version.pinned}</strong>, pinned
        {version.answered
          ? `; ${ats} answers ${version.answered}${version.status ? ` (${version.status})` : ''}`
          : '; not called yet'}
        .
      </p>
      {answeredOther ? (
        <Banner tone="warning" title={`${ats} answered with another API version`}>
          The console asks for {version.pinned}, the version it reads, but {ats} answered with{' '}
          {version.answered}. Some records may not import; update the console.
        </Banner>
      ) : ageing ? (
        <Banner
          tone="warning"
          title={`${ats} marks API version ${version.pinned} as ${version.status}`}
        >
          The console keeps asking for it, so syncs go on as before. Update the console before {ats}{' '}
          retires this version.
        </Banner>
      ) : null}
    </div>
  );
}
