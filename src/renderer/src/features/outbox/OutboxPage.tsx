import { Eye, Send, SendHorizontal } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { OutboxState } from '../../../../shared/domain/outbox';
import { call, describeError } from '../../lib/api';
import { navigate, useRoute } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { PageHeader } from '../../ui/PageHeader';
import { TabPanel, Tabs } from '../../ui/Tabs';
import { OutboxTable } from './OutboxTable';
import { PreviewPage } from './PreviewPage';

const FILTERS: Array<{ id: string; label: string; states: OutboxState[] | undefined }> = [
  { id: 'open', label: 'Waiting or failed', states: ['pending', 'in_flight', 'failed'] },
  { id: 'failed', label: 'Failed', states: ['failed'] },
  { id: 'finished', label: 'Finished', states: ['done', 'skipped', 'superseded', 'discarded'] },
  { id: 'all', label: 'All', states: undefined },
];

/** `#/outbox`: every write to an ATS; `#/outbox/preview`: what the next sync would send. */
export function OutboxPage() {
  const route = useRoute();
  if (route.path === '/outbox/preview') return <PreviewPage />;
  return <OutboxList />;
}

function OutboxList() {
  const route = useRoute();
  const filter = FILTERS.find((item) => item.id === route.params.get('show')) ?? FILTERS[0]!;
  const page = useQuery(
    () => call('outbox:list', { ...(filter.states ? { states: filter.states } : {}), limit: 300 }),
    ['outbox:list'],
    [filter.id],
  );
  const counts = useQuery(() => call('outbox:counts', {}), ['outbox:counts'], []);
  const [sending, setSending] = useState(false);
  const [notice, setNotice] = useState<{ tone: 'info' | 'danger'; text: string } | null>(null);
  // The runs the last "Send now" started: "Sending…" shows until they end.
  const [sendRun, setSendRun] = useState<{ n: number; connections: string[] } | null>(null);
  const running = useQuery(
    async () => ({
      n: sendRun?.n ?? 0,
      connections: (
        await Promise.all(
          (sendRun?.connections ?? []).map((connectionId) => call('sync:status', { connectionId })),
        )
      )
        .filter((status) => status.running)
        .map((status) => status.connectionId),
    }),
    // Runs end as the writes they send settle, so both run and outbox changes ask again.
    ['sync:status', 'outbox:counts'],
    [sendRun],
  );
  const sendingTo =
    sendRun && (running.data?.n !== sendRun.n || running.data.connections.length > 0)
      ? sendRun.connections.length
      : 0;
  useEffect(() => {
    if (!notice || notice.tone === 'danger') return;
    const timer = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(timer);
  }, [notice]);

  const send = async () => {
    setSending(true);
    setNotice(null);
    try {
      const result = await call('outbox:send', {});
      setSendRun((last) => ({
        n: (last?.n ?? 0) + 1,
        connections: result.started.map((run) => run.connectionId),
      }));
      if (!result.started.length) {
        setNotice({
          tone: 'info',
          text: result.skipped[0]?.reason ?? 'Nothing is waiting to be sent.',
        });
      }
    } catch (caught) {
      setNotice({ tone: 'danger', text: describeError(caught).message });
    } finally {
      setSending(false);
    }
  };

  const totals = (counts.data ?? []).reduce(
    (sum, item) => ({
      waiting: sum.waiting + item.pending + item.inFlight,
      failed: sum.failed + item.failed,
      done: sum.done + item.done,
    }),
    { waiting: 0, failed: 0, done: 0 },
  );
  return (
    <>
      <PageHeader
        title="Outbox"
        description="Every write to an ATS waits here until it is sent: created with the change in Kula, sent in order for each candidate, checked before it is sent again, and kept while you are offline or a connection needs re-authorization."
        actions={
          <>
            <Button
              icon={<Eye size={16} aria-hidden />}
              onClick={() => navigate('/outbox/preview')}
            >
              Preview sync
            </Button>
            <Button
              variant="primary"
              icon={<Send size={16} aria-hidden />}
              busy={sending}
              onClick={() => void send()}
            >
              Send now
            </Button>
          </>
        }
      />
      {sendingTo ? (
        <Banner tone="info">
          Sending to {sendingTo} connection{sendingTo === 1 ? '' : 's'}…
        </Banner>
      ) : null}
      {notice ? <Banner tone={notice.tone}>{notice.text}</Banner> : null}
      {(page.data?.held ?? []).map((held) => (
        <Banner
          key={held.connectionId}
          tone="warning"
          title={`${held.connectionLabel}: writes are on hold`}
        >
          {held.reason} {held.action}
        </Banner>
      ))}
      <ErrorBanner error={page.error} />
      <div className="outbox-summary" data-testid="outbox-summary">
        <span>
          <strong>{totals.waiting}</strong> waiting
        </span>
        <span className={totals.failed ? 'text-danger' : ''}>
          <strong>{totals.failed}</strong> failed
        </span>
        <span>
          <strong>{totals.done}</strong> sent
        </span>
      </div>
      <Card className="list-card">
        <div className="toolbar">
          <Tabs
            label="Which writes"
            idBase="outbox-filter"
            tabs={FILTERS}
            selected={filter.id}
            onSelect={(id) => navigate('/outbox', { show: id })}
          />
        </div>
        <TabPanel idBase="outbox-filter" selected={filter.id}>
          {page.data && page.data.total === 0 && filter.id === 'open' ? (
            <EmptyState icon={<SendHorizontal size={28} />} title="Nothing waiting">
              <p>
                Changes in Kula that need to reach an ATS (new candidates in linked flows, stage
                moves, public notes, messages, resumes) appear here until they are sent.
              </p>
            </EmptyState>
          ) : (
            <OutboxTable items={page.data?.items ?? []} empty="No writes match." />
          )}
        </TabPanel>
      </Card>
    </>
  );
}
