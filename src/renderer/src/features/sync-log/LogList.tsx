import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { SyncLogLine } from '../../../../shared/domain/runs';
import { DirectionTag, LevelTag } from './LogLevel';
import { lineTime } from './time';

const ROW_HEIGHT = 38;

/**
 * The log's lines as a virtual list: only the rows in view (plus a margin) exist in the page, so
 * the list scrolls the same at 300 lines or 50,000. Reaching the end asks for the next page.
 * Rows are buttons: Enter or a click opens the detail drawer; arrow keys move between rows.
 */
export function LogList({
  lines,
  hasMore,
  loading,
  selectedId,
  labelOf,
  onSelect,
  onEndReached,
}: {
  lines: SyncLogLine[];
  hasMore: boolean;
  loading: boolean;
  selectedId: number | null;
  labelOf: (connectionId: string | null) => string;
  onSelect: (line: SyncLogLine) => void;
  onEndReached: () => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: lines.length + (hasMore ? 1 : 0),
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1);

  useEffect(() => {
    if (last && last.index >= lines.length - 1 && hasMore && !loading) onEndReached();
  }, [last, lines.length, hasMore, loading, onEndReached]);

  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(lines.length - 1, index));
    virtualizer.scrollToIndex(target, { align: 'auto' });
    requestAnimationFrame(() =>
      scroller.current?.querySelector<HTMLButtonElement>(`[data-index="${target}"]`)?.focus(),
    );
  };

  return (
    <div
      className="log-table"
      role="table"
      aria-label="Sync log lines"
      aria-rowcount={lines.length}
    >
      <div className="log-row log-head" role="row">
        <span role="columnheader">Time</span>
        <span role="columnheader">Level</span>
        <span role="columnheader">Connection</span>
        <span role="columnheader">Dir.</span>
        <span role="columnheader" className="log-c-record">
          Record
        </span>
        <span role="columnheader" className="log-c-rule">
          Rule
        </span>
        <span role="columnheader">What happened</span>
        <span role="columnheader" className="log-c-result">
          Result
        </span>
      </div>
      <div className="log-scroll" ref={scroller} data-testid="log-scroll">
        <div className="log-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const line = lines[item.index];
            const style = { transform: `translateY(${item.start}px)`, height: item.size };
            if (!line) {
              return (
                <div key="more" className="log-row log-more" style={style} role="row">
                  <span role="cell">Loading older lines…</span>
                </div>
              );
            }
            return (
              <button
                key={line.id}
                type="button"
                role="row"
                data-index={item.index}
                data-testid="log-row"
                className={`log-row log-line log-line-${line.level} ${
                  line.id === selectedId ? 'log-line-selected' : ''
                }`}
                style={style}
                onClick={() => onSelect(line)}
                onKeyDown={(event) => {
                  if (event.key === 'ArrowDown') {
                    event.preventDefault();
                    focusRow(item.index + 1);
                  } else if (event.key === 'ArrowUp') {
                    event.preventDefault();
                    focusRow(item.index - 1);
                  }
                }}
              >
                <span role="cell" className="log-time mono">
                  {lineTime(line.at)}
                </span>
                <span role="cell">
                  <LevelTag level={line.level} />
                </span>
                <span role="cell" className="log-ellipsis">
                  {labelOf(line.connectionId)}
                </span>
                <span role="cell">
                  <DirectionTag direction={line.direction} />
                </span>
                <span role="cell" className="log-ellipsis log-c-record">
                  {line.entity ? (
                    <>
                      <span className="muted">{line.entity}</span>
                      {line.entityId ? <span className="mono"> {line.entityId}</span> : null}
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </span>
                <span role="cell" className="log-ellipsis mono log-c-rule">
                  {line.rule ?? ''}
                </span>
                <span role="cell" className="log-ellipsis log-message">
                  {line.message}
                </span>
                <span role="cell" className="log-ellipsis log-c-result">
                  {line.result ?? ''}
                  {line.retries > 0 ? (
                    <span className="log-retries" title={`${line.retries} retries`}>
                      {' '}
                      ↻{line.retries}
                    </span>
                  ) : null}
                </span>
              </button>
            );
          })}
        </div>
      </div>
    </div>
  );
}
