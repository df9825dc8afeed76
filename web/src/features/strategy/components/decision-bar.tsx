import { useState } from 'react';
import { FieldError, Form, Label, TextArea, TextField } from 'react-aria-components';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { Dialog, DialogTrigger } from '../../../components/ui/dialog.js';
import { useStrategyDecision, type Strategy } from '../api/strategy.js';

/** The week's decision: approve as planned, modify with instructions, or have it written again. */
export function DecisionBar({ orgId, strategy }: { orgId: string; strategy: Strategy }) {
  const decide = useStrategyDecision(orgId, strategy);
  const [instructions, setInstructions] = useState('');
  const pending = decide.isPending ? decide.variables?.decision : undefined;

  return (
    <div className="decision-bar" aria-label="Your decision" role="group">
      {decide.error && <Alert>{decide.error.message}</Alert>}
      <div className="actions">
        <Button isPending={pending === 'approve_all'} isDisabled={decide.isPending} onPress={() => decide.mutate({ decision: 'approve_all' })}>
          Approve the plan
        </Button>
        <DialogTrigger>
          <Button variant="secondary" isDisabled={decide.isPending}>
            Modify…
          </Button>
          <Dialog title="Modify this week's plan">
            {({ close }) => (
              <Form
                className="stack"
                onSubmit={(e) => {
                  e.preventDefault();
                  decide.mutate({ decision: 'modify_strategy', instructions }, { onSuccess: close });
                }}
              >
                <p className="muted">Say what to change in your own words; Herald rewrites the plan and asks you again.</p>
                {decide.error && <Alert>{decide.error.message}</Alert>}
                <TextField className="field" isRequired maxLength={2000} value={instructions} onChange={setInstructions} autoFocus>
                  <Label>What should change?</Label>
                  <TextArea rows={4} placeholder="For example: more about our new croissants, nothing on Sunday" />
                  <FieldError />
                </TextField>
                <div className="actions">
                  <Button variant="secondary" onPress={close}>
                    Cancel
                  </Button>
                  <Button type="submit" isPending={pending === 'modify_strategy'}>
                    Rewrite the plan
                  </Button>
                </div>
              </Form>
            )}
          </Dialog>
        </DialogTrigger>
        <Button variant="secondary" isPending={pending === 'reject_and_regenerate'} isDisabled={decide.isPending} onPress={() => decide.mutate({ decision: 'reject_and_regenerate' })}>
          Regenerate
        </Button>
      </div>
    </div>
  );
}
