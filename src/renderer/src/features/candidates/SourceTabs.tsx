import { navigate } from '../../lib/router';

/** Kula's own candidates, or the ATS candidates in the local cache. */
export function SourceTabs({ active }: { active: 'kula' | 'ats' }) {
  const tabs = [
    { id: 'kula' as const, label: 'Kula candidates', go: () => navigate('/candidates') },
    {
      id: 'ats' as const,
      label: 'In the ATS (cache)',
      go: () => navigate('/candidates', { source: 'ats' }),
    },
  ];
  return (
    <div className="segmented source-tabs" role="tablist" aria-label="Which candidates">
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          aria-selected={tab.id === active}
          className={`segmented-option ${tab.id === active ? 'segmented-active' : ''}`}
          onClick={tab.go}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
