import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { arrowTarget } from './roving';

export interface TabItem<T extends string> {
  id: T;
  label: string;
}

/** The tab list whose tab the keyboard used last; a remount after its switch focuses it again. */
let refocusList: string | null = null;
const markForRefocus = (list: string) => {
  refocusList = list;
};
/** True once for the list marked by `markForRefocus`. */
const takeRefocus = (list: string) => {
  if (refocusList !== list) return false;
  refocusList = null;
  return true;
};

/**
 * A tab list: one Tab stop (the selected tab), Left and Right (Home, End) move to a tab and
 * select it. `idBase` ties the selected tab to its `TabPanel`. Selecting may show another
 * component altogether (a route of its own): the new tab list takes the focus back when it was
 * the keyboard that switched.
 */
export function Tabs<T extends string>({
  label,
  idBase,
  tabs,
  selected,
  onSelect,
}: {
  label: string;
  idBase: string;
  tabs: Array<TabItem<T>>;
  selected: T;
  onSelect: (id: T) => void;
}) {
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!takeRefocus(idBase)) return;
    list.current?.querySelector<HTMLButtonElement>('[aria-selected="true"]')?.focus();
  }, [idBase, selected]);
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const target = arrowTarget(event.key, index, tabs.length, { orientation: 'horizontal' });
    if (target === null) return;
    event.preventDefault();
    list.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[target]?.focus();
    markForRefocus(idBase);
    onSelect(tabs[target]!.id);
  };
  return (
    <div className="segmented" role="tablist" aria-label={label} ref={list}>
      {tabs.map((tab, index) => {
        const active = tab.id === selected;
        return (
          <button
            key={tab.id}
            id={`${idBase}-tab-${tab.id}`}
            type="button"
            role="tab"
            aria-selected={active}
            aria-controls={active ? `${idBase}-panel` : undefined}
            tabIndex={active ? 0 : -1}
            className={`segmented-option ${active ? 'segmented-active' : ''}`}
            onClick={() => onSelect(tab.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}

/** What the selected tab of `Tabs` with the same `idBase` shows. */
export function TabPanel({
  idBase,
  selected,
  className,
  children,
}: {
  idBase: string;
  selected: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      id={`${idBase}-panel`}
      role="tabpanel"
      aria-labelledby={`${idBase}-tab-${selected}`}
      className={className}
    >
      {children}
    </div>
  );
}
