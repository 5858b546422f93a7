import type { ReactNode } from 'react';
import { navigate } from '../../lib/router';
import { TabPanel, Tabs } from '../../ui/Tabs';

type Source = 'kula' | 'ats';

const TABS = [
  { id: 'kula' as const, label: 'Kula candidates' },
  { id: 'ats' as const, label: 'In the ATS (cache)' },
];

/** Kula's own candidates, or the ATS candidates in the local cache: tabs over the list below. */
export function SourceTabs({ active, children }: { active: Source; children: ReactNode }) {
  return (
    <>
      <div className="source-tabs">
        <Tabs
          label="Which candidates"
          idBase="candidate-source"
          tabs={TABS}
          selected={active}
          onSelect={(source: Source) =>
            source === 'ats' ? navigate('/candidates', { source: 'ats' }) : navigate('/candidates')
          }
        />
      </div>
      <TabPanel idBase="candidate-source" selected={active}>
        {children}
      </TabPanel>
    </>
  );
}
