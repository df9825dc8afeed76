import { useState } from 'react';
import { Form, Input, Label, Text, TextField } from 'react-aria-components';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { Field } from '../../../components/ui/field.js';
import { Select } from '../../../components/ui/select.js';
import { useSupportTargets, type SupportFilters } from '../api/support.js';
import { BulkReplay } from './bulk-replay.js';
import { ERROR_KINDS, STATUS_WORDS } from './error-words.js';
import { SupportLineCard } from './support-line.js';
import '../support.css';

const ANY = 'any';
const PLATFORMS = [
  ['x', 'X'],
  ['linkedin', 'LinkedIn'],
  ['facebook', 'Facebook'],
  ['instagram', 'Instagram'],
  ['tiktok', 'TikTok'],
  ['youtube', 'YouTube'],
] as const;

interface Asked {
  filters: SupportFilters;
  reason: string;
}

/** A local date typed in the form, as the instant its day starts (or ends) in the browser's zone. */
const dayEdge = (day: string, end: boolean) => (day ? new Date(`${day}T${end ? '23:59:59' : '00:00:00'}`).toISOString() : undefined);

/**
 * Herald support's view of publishing across every tenant: filter, read why each publish failed,
 * replay one or, after a dry run, all. Every read and replay carries the reason typed here.
 */
export function SupportConsole({ timeZone }: { timeZone: string }) {
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<string>(ANY);
  const [platform, setPlatform] = useState<string>(ANY);
  const [errorKind, setErrorKind] = useState<string>(ANY);
  const [words, setWords] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [asked, setAsked] = useState<Asked | null>(null);
  const list = useSupportTargets(asked?.filters ?? {}, asked?.reason ?? null);
  const lines = list.data?.targets ?? [];
  const orgIds = [...new Set(lines.map((l) => l.orgId))];

  function show() {
    const filters: SupportFilters = {
      status: status === ANY ? undefined : (status as SupportFilters['status']),
      platform: platform === ANY ? undefined : (platform as SupportFilters['platform']),
      errorKind: errorKind === ANY ? undefined : errorKind,
      message: words.trim() || undefined,
      from: dayEdge(from, false),
      to: dayEdge(to, true),
    };
    setAsked({ filters, reason: reason.trim() });
  }

  return (
    <>
      <Form
        className="support-filters"
        onSubmit={(e) => {
          e.preventDefault();
          show();
        }}
      >
        <TextField className="field reason" isRequired minLength={3} maxLength={1000} value={reason} onChange={setReason}>
          <Label>Reason (required)</Label>
          <Input />
          <Text slot="description">Why you look at customers' publishes, e.g. a ticket number. It goes in each customer's audit log with every replay.</Text>
        </TextField>
        <Select label="Status" value={status} onChange={setStatus} options={[{ id: ANY, label: 'Failed, unconfirmed or interrupted' }, ...Object.entries(STATUS_WORDS).map(([id, label]) => ({ id, label }))]} />
        <Select label="Platform" value={platform} onChange={setPlatform} options={[{ id: ANY, label: 'Any platform' }, ...PLATFORMS.map(([id, label]) => ({ id, label }))]} />
        <Select label="Error kind" value={errorKind} onChange={setErrorKind} options={[{ id: ANY, label: 'Any error' }, ...Object.entries(ERROR_KINDS).map(([id, k]) => ({ id, label: k.label }))]} />
        <Field label="Message contains" value={words} onChange={setWords} description='e.g. "rate limit"' />
        <Field label="Changed from (day)" type="date" value={from} onChange={setFrom} />
        <Field label="Changed to (day)" type="date" value={to} onChange={setTo} />
        <div className="actions">
          <Button type="submit">Show publishes</Button>
          {asked && (
            <Button variant="secondary" isPending={list.isFetching} onPress={() => void list.refetch()}>
              Refresh
            </Button>
          )}
        </div>
      </Form>

      {!asked && <p className="empty">Give a reason and press "Show publishes" to list failed, unconfirmed and interrupted publishes across every organisation.</p>}
      {asked && list.isPending && <p role="status">Looking across every organisation…</p>}
      {list.error && <Alert>{list.error.message}</Alert>}
      {list.data && (
        <section aria-labelledby="lines-heading">
          <h2 id="lines-heading">
            {lines.length} {lines.length === 1 ? 'publish needs' : 'publishes need'} a look
          </h2>
          {lines.length === 0 ? (
            <p className="empty">Nothing matches: no failed, unconfirmed or interrupted publish with these filters.</p>
          ) : (
            <ul className="support-lines">
              {lines.map((line) => (
                <SupportLineCard key={line.targetId} line={line} reason={asked!.reason} timeZone={timeZone} />
              ))}
            </ul>
          )}
          {lines.length > 0 && <BulkReplay orgIds={orgIds} filters={asked!.filters} reason={asked!.reason} />}
        </section>
      )}
    </>
  );
}
