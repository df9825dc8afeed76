import { useState } from 'react';
import { FieldError, Form, Label, TextArea, TextField } from 'react-aria-components';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { Dialog, DialogTrigger } from '../../../components/ui/dialog.js';
import { useReject } from '../api/decisions.js';

/** Rejecting asks why: the replacement is written from the reason. */
export function RejectDialog({ orgId, postId, label }: { orgId: string; postId: string; label: string }) {
  const reject = useReject(orgId);
  const [reason, setReason] = useState('');
  return (
    <DialogTrigger>
      <Button variant="secondary" aria-label={`Reject ${label}`}>
        Reject…
      </Button>
      <Dialog title={`Reject ${label}`}>
        {({ close }) => (
          <Form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              reject.mutate({ postId, reason }, { onSuccess: close });
            }}
          >
            <p className="muted">Herald writes a replacement from your reason and asks you again.</p>
            {reject.error && <Alert>{reject.error.message}</Alert>}
            <TextField className="field" isRequired value={reason} onChange={setReason} autoFocus>
              <Label>Why? What should the new post do differently?</Label>
              <TextArea rows={3} />
              <FieldError />
            </TextField>
            <div className="actions">
              <Button variant="secondary" onPress={close}>
                Cancel
              </Button>
              <Button type="submit" variant="danger" isPending={reject.isPending}>
                Reject and replace
              </Button>
            </div>
          </Form>
        )}
      </Dialog>
    </DialogTrigger>
  );
}
