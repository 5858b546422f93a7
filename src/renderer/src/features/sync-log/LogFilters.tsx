import { X } from 'lucide-react';
import { useId } from 'react';
import type { ConnectionSummary } from '../../../../shared/domain/connections';
import type { LogFacets } from '../../../../shared/domain/sync-log';
import { Select, TextInput } from '../../ui/Field';
import { SearchBox } from './SearchBox';
import { DIRECTION_CHOICES, LEVEL_CHOICES, RANGE_CHOICES, type LogParams } from './filter-params';

/**
 * The log's filter bar: words, connection, level, direction, record type and time; chips for the
 * narrower filters that come from links (a run, a record's history, a rule), each removable.
 */
export function LogFilters({
  params,
  connections,
  facets,
  onChange,
}: {
  params: LogParams;
  connections: ConnectionSummary[];
  facets: LogFacets | null;
  onChange: (patch: Partial<LogParams>) => void;
}) {
  const id = useId();

  const chips: Array<{
    key: keyof LogParams | 'record';
    label: string;
    clear: Partial<LogParams>;
  }> = [];
  if (params.run) chips.push({ key: 'run', label: `Run #${params.run}`, clear: { run: '' } });
  if (params.record)
    chips.push({
      key: 'record',
      label: `Record ${params.entity ? `${params.entity} ` : ''}${params.record}`,
      clear: { record: '' },
    });
  if (params.rule) chips.push({ key: 'rule', label: `Rule ${params.rule}`, clear: { rule: '' } });

  return (
    <div className="log-filters" role="search" aria-label="Filter the sync log">
      <SearchBox
        key={params.q}
        className="log-search"
        value={params.q}
        onCommit={(q) => onChange({ q })}
        label="Search the log"
        placeholder="Search messages, record ids, request ids…"
        maxLength={500}
      />
      <Select
        aria-label="Connection"
        value={params.connection}
        onChange={(event) => onChange({ connection: event.target.value })}
      >
        <option value="">All connections</option>
        {connections.map((connection) => (
          <option key={connection.id} value={connection.id}>
            {connection.label}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Level"
        value={params.levels}
        onChange={(event) => onChange({ levels: event.target.value })}
      >
        {LEVEL_CHOICES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Direction"
        value={params.direction}
        onChange={(event) => onChange({ direction: event.target.value })}
      >
        {DIRECTION_CHOICES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Record type"
        value={params.entity}
        onChange={(event) => onChange({ entity: event.target.value, record: '' })}
      >
        <option value="">All record types</option>
        {(facets?.entities ?? (params.entity ? [params.entity] : [])).map((entity) => (
          <option key={entity} value={entity}>
            {entity}
          </option>
        ))}
      </Select>
      <Select
        aria-label="Time"
        value={params.range}
        onChange={(event) => onChange({ range: event.target.value })}
      >
        {RANGE_CHOICES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </Select>
      {params.range === 'custom' ? (
        <span className="log-range">
          <label htmlFor={`${id}-since`} className="sr-only">
            From
          </label>
          <TextInput
            id={`${id}-since`}
            type="datetime-local"
            value={params.since}
            onChange={(event) => onChange({ since: event.target.value })}
          />
          <span aria-hidden>–</span>
          <label htmlFor={`${id}-until`} className="sr-only">
            Until
          </label>
          <TextInput
            id={`${id}-until`}
            type="datetime-local"
            value={params.until}
            onChange={(event) => onChange({ until: event.target.value })}
          />
        </span>
      ) : null}
      {chips.length ? (
        <div className="log-chips">
          {chips.map((chip) => (
            <button
              key={chip.key}
              type="button"
              className="chip"
              onClick={() => onChange(chip.clear)}
              aria-label={`Remove filter: ${chip.label}`}
            >
              {chip.label}
              <X size={12} aria-hidden />
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
