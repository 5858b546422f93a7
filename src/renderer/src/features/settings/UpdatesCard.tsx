import { useState } from 'react';
import type { UpdateStatus } from '../../../../shared/domain/updates';
import { call, describeError } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { Toggle } from '../../ui/Field';

/** "Check for updates" and the setting for automatic checks. */
export function UpdatesCard({
  automatic,
  onAutomaticChange,
}: {
  automatic: boolean;
  onAutomaticChange: (checked: boolean) => void;
}) {
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const check = async () => {
    setChecking(true);
    setError(null);
    try {
      setStatus(await call('app:check-updates'));
    } catch (caught) {
      setError(describeError(caught).message);
    } finally {
      setChecking(false);
    }
  };

  return (
    <Card
      title="Updates"
      actions={
        <Button onClick={() => void check()} busy={checking}>
          Check for updates
        </Button>
      }
    >
      <Toggle
        label="Check for updates automatically"
        description="At start and every six hours. A new version downloads in the background and installs when you quit the app."
        checked={automatic}
        onChange={onAutomaticChange}
      />
      {error ? <Banner tone="danger">{error}</Banner> : null}
      {status ? <UpdateBanner status={status} /> : null}
    </Card>
  );
}

function UpdateBanner({ status }: { status: UpdateStatus }) {
  switch (status.state) {
    case 'up-to-date':
      return (
        <Banner tone="success" title="Kula ATS Console is up to date">
          Version {status.currentVersion}, checked {dateTime(status.checkedAt)}.
        </Banner>
      );
    case 'available':
      return (
        <Banner tone="info" title={`Version ${status.latestVersion} is available`}>
          {status.downloaded
            ? 'It is downloaded and installs when you quit the app.'
            : 'It is downloading and installs when you quit the app.'}
        </Banner>
      );
    case 'failed':
      return (
        <Banner tone="warning" title="Could not check for updates">
          {status.message}
        </Banner>
      );
    case 'unavailable':
      return <Banner tone="info">{status.reason}</Banner>;
  }
}
