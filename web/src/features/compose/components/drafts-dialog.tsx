import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { Dialog, DialogTrigger } from '../../../components/ui/dialog.js';
import { inZone } from '../../../lib/time.js';
import { useDrafts } from '../api/compose.js';

/** The content library: saved drafts, newest first; opening one fills the form. */
export function DraftsDialog({ orgId, timeZone }: { orgId: string; timeZone: string }) {
  const [open, setOpen] = useState(false);
  const drafts = useDrafts(orgId, open);
  return (
    <DialogTrigger isOpen={open} onOpenChange={setOpen}>
      <Button variant="secondary">Open a draft…</Button>
      <Dialog title="Your drafts">
        {({ close }) => (
          <div className="stack">
            {drafts.isPending && <p role="status">Loading your drafts…</p>}
            {drafts.error && <Alert>{drafts.error.message}</Alert>}
            {drafts.data && drafts.data.drafts.length === 0 && <p className="empty">No drafts yet. "Save as draft" keeps a post here without scheduling it.</p>}
            {drafts.data && drafts.data.drafts.length > 0 && (
              <ul className="rows" aria-label="Drafts">
                {drafts.data.drafts.map((d) => (
                  <li key={d.id}>
                    <Link className="name" to={`/compose?draft=${d.id}`} onClick={close}>
                      {d.name}
                    </Link>
                    <span className="meta">
                      {d.platforms.length ? d.platforms.join(', ') : 'no platform yet'} · saved <time dateTime={d.updatedAt}>{inZone(d.updatedAt, timeZone)}</time>
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <div className="actions">
              <Button variant="secondary" onPress={close}>
                Close
              </Button>
            </div>
          </div>
        )}
      </Dialog>
    </DialogTrigger>
  );
}
