import { CircleAlert, CircleCheck } from 'lucide-react';
import type { SetupCheck } from '../../../../../shared/domain/connections';

/** Setup items on the ATS side (e.g. the Kula source), each with what to do when it is missing. */
export function SetupChecklist({ items }: { items: SetupCheck[] }) {
  return (
    <ul className="setup-list">
      {items.map((item) => (
        <li key={item.id} className={`setup-item ${item.ok ? 'setup-ok' : 'setup-todo'}`}>
          {item.ok ? (
            <CircleCheck size={18} aria-hidden className="setup-icon" />
          ) : (
            <CircleAlert size={18} aria-hidden className="setup-icon" />
          )}
          <div>
            <div className="setup-title">
              {item.title}
              <span className="sr-only">{item.ok ? ' (done)' : ' (to do)'}</span>
            </div>
            <p className="setup-detail">{item.detail}</p>
            {!item.ok && item.action ? <p className="setup-action">{item.action}</p> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
