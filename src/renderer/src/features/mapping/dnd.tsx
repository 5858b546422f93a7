import {
  DndContext,
  DragOverlay,
  KeyboardCode,
  KeyboardSensor,
  MeasuringStrategy,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import { GripVertical } from 'lucide-react';
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import type { AtsToKulaTarget, KulaToAtsTarget } from '../../../../shared/domain/mapping';

/**
 * Drag and drop for the mapping tables (@dnd-kit): stage chips from a palette are dropped on the
 * rows of the other table. Kula chips only land on ATS → Kula rows and ATS chips only on
 * Kula → ATS rows. By keyboard: Space or Enter picks a chip up, the arrow keys jump from row to
 * row, Space or Enter drops, Escape cancels; every step is announced to screen readers.
 */
/** `label` is shown on the chip; `name` is what screen readers hear ("Kula stage Offer"). */
export type ChipData =
  | { kind: 'kula'; label: string; name: string; target: AtsToKulaTarget }
  | { kind: 'ats'; label: string; name: string; target: KulaToAtsTarget };

export interface DropData {
  accepts: ChipData['kind'];
  /** How the row is announced, e.g. `ATS stage "Phone Screen"`. */
  label: string;
  onDrop(chip: ChipData): void;
}

const ARROWS: string[] = [
  KeyboardCode.Down,
  KeyboardCode.Up,
  KeyboardCode.Left,
  KeyboardCode.Right,
];

/** Arrow keys move the picked-up chip to the next or previous row that accepts it. */
export const jumpBetweenRows: KeyboardCoordinateGetter = (event, { context }) => {
  if (!ARROWS.includes(event.code)) return undefined;
  event.preventDefault();
  const { active, collisionRect, droppableRects, droppableContainers } = context;
  if (!active || !collisionRect) return undefined;
  const kind = (active.data.current as ChipData | undefined)?.kind;
  const rows = droppableContainers
    .getEnabled()
    .filter((container) => (container.data.current as DropData | undefined)?.accepts === kind)
    .flatMap((container) => {
      const rect = droppableRects.get(container.id);
      return rect ? [{ id: container.id, rect }] : [];
    })
    .sort((a, b) => a.rect.top - b.rect.top || a.rect.left - b.rect.left);
  if (rows.length === 0) return undefined;
  // Where the chip is now (not `over`, which lags a render behind while the list scrolls).
  const forward = event.code === KeyboardCode.Down || event.code === KeyboardCode.Right;
  const middle = collisionRect.top + collisionRect.height / 2;
  const current = rows.findIndex(
    (row) => middle >= row.rect.top && middle <= row.rect.top + row.rect.height,
  );
  let next: number;
  if (current !== -1) next = Math.max(0, Math.min(rows.length - 1, current + (forward ? 1 : -1)));
  else if (forward) next = rows.findIndex((row) => row.rect.top > middle);
  else next = rows.findLastIndex((row) => row.rect.top + row.rect.height < middle);
  if (next === -1) next = forward ? rows.length - 1 : 0;
  const target = rows[next]?.rect;
  if (!target) return undefined;
  return {
    x: target.left + target.width / 2 - collisionRect.width / 2,
    y: target.top + target.height / 2 - collisionRect.height / 2,
  };
};

/**
 * Only rows that accept the chip collide: the row under the pointer; by keyboard, the row the
 * chip was moved onto (nothing while it still sits in the palette).
 */
const acceptingRows: CollisionDetection = (args) => {
  const kind = (args.active.data.current as ChipData | undefined)?.kind;
  const droppableContainers = args.droppableContainers.filter(
    (container) => (container.data.current as DropData | undefined)?.accepts === kind,
  );
  return args.pointerCoordinates
    ? pointerWithin({ ...args, droppableContainers })
    : rectIntersection({ ...args, droppableContainers });
};

const chipOf = (data: unknown) => data as ChipData | undefined;
const rowOf = (data: unknown) => data as DropData | undefined;

const announcements: Announcements = {
  onDragStart: ({ active }) =>
    `Picked up ${chipOf(active.data.current)?.name ?? 'a stage'}. Use the arrow keys to move it to a row, Space or Enter to drop it there, Escape to cancel.`,
  onDragOver: ({ active, over }) =>
    over
      ? `${chipOf(active.data.current)?.name} is over ${rowOf(over.data.current)?.label}.`
      : `${chipOf(active.data.current)?.name} is not over a row.`,
  onDragEnd: ({ active, over }) =>
    over
      ? `${rowOf(over.data.current)?.label} now maps to ${chipOf(active.data.current)?.name}. Not saved yet.`
      : `${chipOf(active.data.current)?.name} was dropped outside the table; nothing changed.`,
  onDragCancel: ({ active }) =>
    `Cancelled moving ${chipOf(active.data.current)?.name}; nothing changed.`,
};

export function MappingDndContext({ children }: { children: ReactNode }) {
  const [dragging, setDragging] = useState<ChipData | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    // Instant scrolling: the sensor scrolls instead of moving when a row is below the middle.
    useSensor(KeyboardSensor, { coordinateGetter: jumpBetweenRows, scrollBehavior: 'auto' }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(null);
    const chip = chipOf(active.data.current);
    const row = rowOf(over?.data.current);
    if (chip && row && row.accepts === chip.kind) row.onDrop(chip);
  };
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={acceptingRows}
      measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            'To map with this stage, press Space or Enter to pick it up, use the arrow keys to choose a row, then press Space or Enter to drop it. Escape cancels. Each row also has a list box to choose from.',
        },
      }}
      onDragStart={({ active }: DragStartEvent) => setDragging(chipOf(active.data.current) ?? null)}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragging(null)}
    >
      {children}
      <DragOverlay dropAnimation={null}>
        {dragging ? <ChipFace kind={dragging.kind} label={dragging.label} lifted /> : null}
      </DragOverlay>
    </DndContext>
  );
}

function ChipFace({
  kind,
  label,
  muted,
  lifted,
}: {
  kind: ChipData['kind'];
  label: string;
  muted?: boolean;
  lifted?: boolean;
}) {
  return (
    <span
      className={['chip', `chip-${kind}`, muted ? 'chip-muted' : '', lifted ? 'chip-lifted' : '']
        .filter(Boolean)
        .join(' ')}
    >
      <GripVertical size={13} aria-hidden className="chip-grip" />
      {label}
    </span>
  );
}

export function StageChip({ id, data, muted }: { id: string; data: ChipData; muted?: boolean }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id, data });
  return (
    <button
      ref={setNodeRef}
      type="button"
      className={`chip-button ${isDragging ? 'chip-source-dragging' : ''}`}
      data-chip={id}
      {...attributes}
      {...listeners}
      aria-roledescription="draggable stage"
      aria-label={data.name}
    >
      <ChipFace kind={data.kind} label={data.label} {...(muted ? { muted } : {})} />
    </button>
  );
}

/** A table row that accepts dropped chips. */
export function DropRow({
  id,
  data,
  className,
  children,
  ...rest
}: { id: string; data: DropData } & HTMLAttributes<HTMLDivElement>) {
  const { setNodeRef, isOver, active } = useDroppable({ id, data });
  const accepts = chipOf(active?.data.current)?.kind === data.accepts;
  return (
    <div
      ref={setNodeRef}
      className={[
        'map-row',
        className,
        accepts ? 'map-row-droppable' : '',
        accepts && isOver ? 'map-row-over' : '',
      ]
        .filter(Boolean)
        .join(' ')}
      {...rest}
    >
      {children}
    </div>
  );
}
