import { describeError } from '../lib/api';
import { Banner } from './Banner';

/**
 * A failure as the admin reads it: what happened as the title, then what to do. Takes whatever was
 * caught (nothing shows for null); only the console's own errors show their text, anything else
 * reads as an unexpected answer.
 */
export function ErrorBanner({ error }: { error: unknown }) {
  if (!error) return null;
  const { message, action } = describeError(error);
  return (
    <Banner tone="danger" title={message}>
      {action}
    </Banner>
  );
}
