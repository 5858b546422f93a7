import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { ArrowDown, ArrowUp, GripVertical, Pencil, Plus, Trash2 } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import type { KulaStage } from '../../../../shared/domain/mapping';
import { call, describeError, errorText, onStale } from '../../lib/api';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { TextInput } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';

/** Kula's own pipeline: add, rename, reorder (drag or buttons), and remove stages nobody is in. */
export function PipelineEditor() {
  const [stages, setStages] = useState<KulaStage[] | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'danger'; text: string } | null>(null);
  const [removing, setRemoving] = useState<KulaStage | null>(null);

  const load = useCallback(() => {
    call('kula-stages:list')
      .then(setStages)
      .catch((error: unknown) =>
        setMessage({ tone: 'danger', text: describeError(error).message }),
      );
  }, []);
  useEffect(() => {
    load();
    return onStale(['kula-stages:list'], load);
  }, [load]);

  const run = async (work: () => Promise<unknown>, success: string) => {
    setMessage(null);
    try {
      await work();
      setMessage({ tone: 'success', text: success });
      load();
      return true;
    } catch (error) {
      setMessage({ tone: 'danger', text: errorText(error) });
      return false;
    }
  };

  const reorder = (ids: string[], moved: KulaStage) => {
    setStages((current) =>
      current
        ? ids
            .map((id) => current.find((stage) => stage.id === id))
            .filter((s): s is KulaStage => Boolean(s))
        : current,
    );
    void run(() => call('kula-stages:reorder', { ids }), `Moved "${moved.name}".`);
  };

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!stages || !over || active.id === over.id) return;
    const from = stages.findIndex((stage) => stage.id === active.id);
    const to = stages.findIndex((stage) => stage.id === over.id);
    const moved = stages[from];
    if (from < 0 || to < 0 || !moved) return;
    reorder(
      arrayMove(stages, from, to).map((stage) => stage.id),
      moved,
    );
  };

  if (!stages)
    return (
      <Card>
        <p className="muted">Loading Kula's pipeline…</p>
      </Card>
    );
  const ids = stages.map((stage) => stage.id);
  return (
    <div className="stack">
      {message ? <Banner tone={message.tone}>{message.text}</Banner> : null}
      <Card
        title="Kula pipeline"
        data-testid="kula-pipeline"
        actions={
          <span className="muted small">
            {stages.length} stages, in the order candidates move through them
          </span>
        }
      >
        <DndContext
          sensors={sensors}
          collisionDetection={closestCenter}
          onDragEnd={onDragEnd}
          accessibility={{ announcements: pipelineAnnouncements(stages) }}
        >
          <SortableContext items={ids} strategy={verticalListSortingStrategy}>
            <ol className="pipeline-list">
              {stages.map((stage, index) => (
                <PipelineRow
                  key={stage.id}
                  stage={stage}
                  index={index}
                  last={index === stages.length - 1}
                  onMove={(to) => reorder(arrayMove(ids, index, to), stage)}
                  onRename={(name) =>
                    run(
                      () => call('kula-stages:rename', { id: stage.id, name }),
                      `Renamed "${stage.name}" to "${name}".`,
                    )
                  }
                  onRemove={() => setRemoving(stage)}
                />
              ))}
            </ol>
          </SortableContext>
        </DndContext>
        <AddStageForm
          stages={stages}
          onAdd={(name, after) =>
            run(
              () => call('kula-stages:add', { name, after }),
              `Added "${name}". Map it for each connection under Stage mapping.`,
            )
          }
        />
      </Card>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove "${removing?.name ?? ''}"?`}
        confirmLabel="Remove stage"
        tone="danger"
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          const stage = removing;
          setRemoving(null);
          if (stage)
            void call('kula-stages:remove', { id: stage.id })
              .then((result) => {
                setMessage({
                  tone: 'success',
                  text: `Removed "${stage.name}".${
                    result.unmappedRows
                      ? ` ${result.unmappedRows} ATS → Kula row${result.unmappedRows === 1 ? ' that pointed at it is' : 's that pointed at it are'} now "Not mapped" and flagged for review under Stage mapping.`
                      : ''
                  }`,
                });
                load();
              })
              .catch((error: unknown) => {
                setMessage({ tone: 'danger', text: errorText(error) });
              });
        }}
      >
        Nobody is in this stage. Its Kula → ATS rows go with it. ATS → Kula rows that point at it
        become <strong>Not mapped</strong> (a candidate reaching that ATS stage stays where they are
        in Kula) and are flagged for review. The change is recorded in the audit trail.
      </ConfirmDialog>
    </div>
  );
}

function pipelineAnnouncements(stages: KulaStage[]): Announcements {
  const name = (id: UniqueIdentifier) =>
    stages.find((stage) => stage.id === id)?.name ?? String(id);
  const position = (id: UniqueIdentifier) => stages.findIndex((stage) => stage.id === id) + 1;
  const where = (active: UniqueIdentifier, over: UniqueIdentifier) =>
    active === over
      ? `${name(active)} is in its place, position ${position(active)} of ${stages.length}.`
      : `${name(active)} would move to position ${position(over)} of ${stages.length}, where ${name(over)} is.`;
  return {
    onDragStart: ({ active }) =>
      `Picked up ${name(active.id)} at position ${position(active.id)} of ${stages.length}. Use the arrow keys to move it, Space or Enter to drop, Escape to cancel.`,
    onDragOver: ({ active, over }) =>
      over ? where(active.id, over.id) : `${name(active.id)} is not over a stage.`,
    onDragEnd: ({ active, over }) =>
      over && over.id !== active.id
        ? `${name(active.id)} moved to position ${position(over.id)}.`
        : `${name(active.id)} stayed at position ${position(active.id)}.`,
    onDragCancel: ({ active }) =>
      `Cancelled; ${name(active.id)} stayed at position ${position(active.id)}.`,
  };
}

function PipelineRow({
  stage,
  index,
  last,
  onMove,
  onRename,
  onRemove,
}: {
  stage: KulaStage;
  index: number;
  last: boolean;
  onMove(to: number): void;
  onRename(name: string): Promise<boolean>;
  onRemove(): void;
}) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: stage.id,
  });
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(stage.name);
  return (
    <li
      ref={setNodeRef}
      className={`pipeline-row ${isDragging ? 'pipeline-row-dragging' : ''}`}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      data-stage={stage.id}
    >
      <button
        type="button"
        className="drag-handle"
        aria-label={`Reorder ${stage.name}`}
        {...attributes}
        {...listeners}
      >
        <GripVertical size={16} aria-hidden />
      </button>
      <span className="pipeline-position">{index + 1}</span>
      {editing ? (
        <form
          className="pipeline-rename"
          onSubmit={(event) => {
            event.preventDefault();
            void onRename(name).then((done) => done && setEditing(false));
          }}
        >
          <TextInput
            aria-label={`New name for ${stage.name}`}
            value={name}
            autoFocus
            maxLength={60}
            onChange={(event) => setName(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                setName(stage.name);
                setEditing(false);
              }
            }}
          />
          <Button size="sm" type="submit" variant="primary">
            Save
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setName(stage.name);
              setEditing(false);
            }}
          >
            Cancel
          </Button>
        </form>
      ) : (
        <span className="pipeline-name">
          {stage.name}
          <span className="pipeline-id mono">{stage.id}</span>
          {stage.role ? <Badge tone="neutral">default</Badge> : <Badge tone="accent">custom</Badge>}
          {stage.inUse ? <Badge tone="info">{stage.inUse} in use</Badge> : null}
        </span>
      )}
      <span className="pipeline-actions">
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Move ${stage.name} up`}
          disabled={index === 0}
          onClick={() => onMove(index - 1)}
          icon={<ArrowUp size={14} aria-hidden />}
        />
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Move ${stage.name} down`}
          disabled={last}
          onClick={() => onMove(index + 1)}
          icon={<ArrowDown size={14} aria-hidden />}
        />
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Rename ${stage.name}`}
          onClick={() => setEditing(true)}
          icon={<Pencil size={14} aria-hidden />}
        />
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Remove ${stage.name}`}
          disabled={stage.inUse > 0}
          title={
            stage.inUse > 0
              ? `${stage.inUse} Kula records are in this stage; move them first.`
              : undefined
          }
          onClick={onRemove}
          icon={<Trash2 size={14} aria-hidden />}
        />
      </span>
    </li>
  );
}

function AddStageForm({
  stages,
  onAdd,
}: {
  stages: KulaStage[];
  onAdd(name: string, after: string | null): Promise<boolean>;
}) {
  const [name, setName] = useState('');
  const [after, setAfter] = useState('');
  return (
    <form
      className="pipeline-add"
      onSubmit={(event) => {
        event.preventDefault();
        void onAdd(name, after || null).then((done) => done && setName(''));
      }}
    >
      <TextField
        label="New stage"
        value={name}
        maxLength={60}
        placeholder="e.g. Screening call"
        onChange={(event) => setName(event.target.value)}
      />
      <SelectField
        label="Position"
        value={after}
        onChange={(event) => setAfter(event.target.value)}
      >
        <option value="">At the end</option>
        {stages.map((stage) => (
          <option key={stage.id} value={stage.id}>
            After {stage.name}
          </option>
        ))}
      </SelectField>
      <Button
        type="submit"
        variant="primary"
        icon={<Plus size={14} aria-hidden />}
        disabled={!name.trim()}
      >
        Add stage
      </Button>
    </form>
  );
}
