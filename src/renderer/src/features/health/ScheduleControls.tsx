import { useState } from 'react';
import type { ConnectionSchedule } from '../../../../shared/domain/schedule';
import { call, errorText } from '../../lib/api';
import { Select, Toggle } from '../../ui/Field';
import { INTERVAL_CHOICES, intervalLabel } from './labels';

/** A connection's own sync interval (or the app-wide one) and its automatic syncs on or off. */
export function ScheduleControls({
  schedule,
  label,
  defaultInterval,
}: {
  schedule: ConnectionSchedule;
  label: string;
  defaultInterval: number;
}) {
  const [error, setError] = useState<string | null>(null);
  const save = async (patch: { intervalMinutes?: number | null; enabled?: boolean }) => {
    setError(null);
    try {
      await call('schedule:update', { connectionId: schedule.connectionId, ...patch });
    } catch (caught) {
      setError(errorText(caught));
    }
  };
  const choices = INTERVAL_CHOICES.includes(schedule.intervalMinutes)
    ? INTERVAL_CHOICES
    : [...INTERVAL_CHOICES, schedule.intervalMinutes].sort((a, b) => a - b);
  return (
    <div className="schedule-controls">
      <label className="schedule-interval">
        <span>Sync every</span>
        <Select
          aria-label={`Sync interval of ${label}`}
          value={schedule.intervalIsDefault ? 'default' : String(schedule.intervalMinutes)}
          disabled={!schedule.enabled}
          onChange={(event) =>
            void save({
              intervalMinutes: event.target.value === 'default' ? null : Number(event.target.value),
            })
          }
        >
          <option value="default">{intervalLabel(defaultInterval)} (app setting)</option>
          {choices.map((minutes) => (
            <option key={minutes} value={minutes}>
              {intervalLabel(minutes)}
            </option>
          ))}
        </Select>
      </label>
      <Toggle
        label="Automatic syncs"
        checked={schedule.enabled}
        onChange={(enabled) => void save({ enabled })}
      />
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
