import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { arrowTarget } from '../../ui/roving';
import type { SyncLogLine } from '../../../../shared/domain/runs';
import { DirectionTag, LevelTag } from './LogLevel';
import { lineTime } from './time';

const ROW_HEIGHT = 38;

/**
 * The log's lines as a virtual list: only the rows in view (plus a margin) exist in the page, so
 * the list scrolls the same at 300 lines or 50,000. Reaching the end asks for the next page.
 * The list is a grid of rows with one Tab stop: the arrow keys (Home, End, Page Up and Down) move
 * between rows, Enter, Space or a click opens the row's detail drawer.
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
  const [focusIndex, setFocusIndex] = useState(0);
  // The Tab stop is the row last focused; when the list has scrolled it away, the first row shown.
  const tabStop = items.some((item) => item.index === focusIndex && lines[item.index])
    ? focusIndex
    : (items.find((item) => lines[item.index])?.index ?? -1);

  useEffect(() => {
    if (last && last.index >= lines.length - 1 && hasMore && !loading) onEndReached();
  }, [last, lines.length, hasMore, loading, onEndReached]);

  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(lines.length - 1, index));
    setFocusIndex(target);
    virtualizer.scrollToIndex(target, { align: 'auto' });
    const row = () => scroller.current?.querySelector<HTMLElement>(`[data-index="${target}"]`);
    // A row already drawn takes the focus at once (the next key press lands on it); one scrolled
    // into view is drawn on the next frame.
    const drawn = row();
    if (drawn) drawn.focus();
    else requestAnimationFrame(() => row()?.focus());
  };
  // The drawer closed (Escape, Close): the focus it held goes back to the row it was opened from.
  const shownId = useRef(selectedId);
  useEffect(() => {
    const closed = shownId.current !== null && selectedId === null;
    shownId.current = selectedId;
    if (closed && (document.activeElement === document.body || !document.activeElement)) {
      scroller.current?.querySelector<HTMLElement>(`[data-index="${focusIndex}"]`)?.focus();
    }
  }, [selectedId, focusIndex]);
  const rowsPerPage = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 380) / ROW_HEIGHT));
  const onRowKey = (event: KeyboardEvent<HTMLElement>, index: number, line: SyncLogLine) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(line);
      return;
    }
    const step =
      event.key === 'PageDown' ? rowsPerPage : event.key === 'PageUp' ? -rowsPerPage : null;
    const target =
      step !== null
        ? index + step
        : arrowTarget(event.key, index, lines.length, { orientation: 'vertical', wrap: false });
    if (target === null) return;
    event.preventDefault();
    focusRow(target);
  };

  return (
    <div
      className="log-table"
      role="grid"
      aria-label="Sync log lines"
      aria-rowcount={lines.length + 1}
      aria-readonly
    >
      <div className="log-row log-head" role="row" aria-rowindex={1}>
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
                <div
                  key="more"
                  className="log-row log-more"
                  style={style}
                  role="row"
                  aria-rowindex={item.index + 2}
                >
                  <span role="gridcell">Loading older lines…</span>
                </div>
              );
            }
            return (
              <div
                key={line.id}
                role="row"
                tabIndex={item.index === tabStop ? 0 : -1}
                aria-rowindex={item.index + 2}
                aria-selected={line.id === selectedId}
                data-index={item.index}
                data-testid="log-row"
                className={`log-row log-line log-line-${line.level} ${
                  line.id === selectedId ? 'log-line-selected' : ''
                }`}
                style={style}
                onClick={() => onSelect(line)}
                onFocus={() => setFocusIndex(item.index)}
                onKeyDown={(event) => onRowKey(event, item.index, line)}
              >
                <span role="gridcell" className="log-time mono">
                  {lineTime(line.at)}
                </span>
                <span role="gridcell">
                  <LevelTag level={line.level} />
                </span>
                <span role="gridcell" className="log-ellipsis">
                  {labelOf(line.connectionId)}
                </span>
                <span role="gridcell">
                  <DirectionTag direction={line.direction} />
                </span>
                <span role="gridcell" className="log-ellipsis log-c-record">
                  {line.entity ? (
                    <>
                      <span className="muted">{line.entity}</span>
                      {line.entityId ? <span className="mono"> {line.entityId}</span> : null}
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </span>
                <span role="gridcell" className="log-ellipsis mono log-c-rule">
                  {line.rule ?? ''}
                </span>
                <span role="gridcell" className="log-ellipsis log-message">
                  {line.message}
                </span>
                <span role="gridcell" className="log-ellipsis log-c-result">
                  {line.result ?? ''}
                  {line.retries > 0 ? (
                    <span className="log-retries" title={`${line.retries} retries`}>
                      {' '}
                      ↻{line.retries}
                    </span>
                  ) : null}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
