import { useEffect, useRef, useState } from 'react';
import { Form } from 'react-aria-components';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { ConnectAccounts } from '../../accounts/components/connect-accounts.js';
import type { PlatformMode } from '../../accounts/api/accounts.js';
import { bodyOf, useSaveProfile, type PlatformId, type SavedProfile } from '../../brand-profile/api/profile.js';
import { BusinessFields, PlatformFields, TimeZoneField, VoiceFields } from '../../brand-profile/components/profile-fields.js';
import { bodyFromDraft, defaultDraft, draftOf, problemsOf, type DraftProblems, type ProfileDraft } from '../../brand-profile/draft.js';
import { SAVE_STEP, STEPS, stepIndex, type StepId } from '../steps.js';
import { FirstRun } from './first-run.js';
import '../onboarding.css';

export interface WizardProps {
  orgId: string;
  userId: string;
  /** The user's profile when they have one: the wizard starts from it, at the accounts. */
  saved: SavedProfile | null;
  platforms: PlatformMode[];
}

/** Onboarding, a step at a time: the brand profile (saved once complete), accounts, a first run. */
export function OnboardingWizard({ orgId, userId, saved, platforms }: WizardProps) {
  const [step, setStep] = useState<StepId>(saved ? 'accounts' : 'business');
  const [draft, setDraft] = useState<ProfileDraft>(() => (saved ? draftOf(saved) : defaultDraft()));
  const [problems, setProblems] = useState<DraftProblems>({});
  const save = useSaveProfile(orgId, userId);
  const heading = useRef<HTMLHeadingElement>(null);
  const at = stepIndex(step);
  const current = STEPS[at]!;

  // Each step announces itself: focus moves to its heading, as after a page change.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else heading.current?.focus();
  }, [step]);

  const change = (changes: Partial<ProfileDraft>) => {
    setDraft((d) => ({ ...d, ...changes }));
    setProblems((p) => Object.fromEntries(Object.entries(p).filter(([field]) => !(field in changes))));
  };

  function next(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const found = problemsOf(draft, current.fields);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    if (step !== SAVE_STEP) return setStep(STEPS[at + 1]!.id);
    save.mutate(bodyFromDraft(draft, saved ? bodyOf(saved) : undefined), { onSuccess: () => setStep('accounts') });
  }

  const fieldProps = { draft, problems, onChange: change };
  const options = platforms.filter((p) => p.mode !== 'unavailable').map((p) => ({ id: p.platform as PlatformId, label: p.label }));
  const blocked = Object.keys(problems).length > 0;
  return (
    <div className="wizard">
      <ol className="wizard-steps" aria-label="Onboarding steps">
        {STEPS.map((s, i) => (
          <li key={s.id} className={i < at ? 'done' : i === at ? 'current' : undefined} aria-current={i === at ? 'step' : undefined}>
            <span className="number" aria-hidden="true">{i + 1}</span> {s.title}
          </li>
        ))}
      </ol>
      <section className="wizard-panel" aria-labelledby="step-heading">
        <h2 id="step-heading" ref={heading} tabIndex={-1}>
          Step {at + 1} of {STEPS.length}: {current.title}
        </h2>
        {current.fields.length > 0 ? (
          <Form onSubmit={next} className="stack" validationBehavior="aria">
            {blocked && <Alert>Fix the {Object.keys(problems).length === 1 ? 'answer' : `${Object.keys(problems).length} answers`} marked below to go on.</Alert>}
            {step === 'business' && <BusinessFields {...fieldProps} />}
            {step === 'voice' && <VoiceFields {...fieldProps} />}
            {step === 'platforms' && <PlatformFields {...fieldProps} options={options} />}
            {step === 'time-zone' && (
              <>
                <p>Herald writes your posts at 02:00 and mails the day's approvals in the morning, both in this zone.</p>
                <TimeZoneField {...fieldProps} />
              </>
            )}
            {save.error && <Alert>{save.error.message}</Alert>}
            <div className="actions wizard-nav">
              {at > 0 && (
                <Button variant="secondary" onPress={() => setStep(STEPS[at - 1]!.id)}>
                  Back
                </Button>
              )}
              <Button type="submit" isPending={save.isPending}>
                {step === SAVE_STEP ? 'Confirm and save profile' : 'Next'}
              </Button>
            </div>
          </Form>
        ) : step === 'accounts' ? (
          <>
            <p>Connect the accounts Herald posts to. You can do this later under Accounts; posts wait for approval either way.</p>
            <ConnectAccounts orgId={orgId} only={draft.platforms} />
            <div className="actions wizard-nav">
              <Button variant="secondary" onPress={() => setStep(SAVE_STEP)}>
                Back
              </Button>
              <Button onPress={() => setStep('first-run')}>Next</Button>
            </div>
          </>
        ) : (
          <FirstRun orgId={orgId} userId={userId} onBack={() => setStep('accounts')} />
        )}
      </section>
    </div>
  );
}
