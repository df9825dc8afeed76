import { Link, useNavigate } from 'react-router';
import { Page } from '../../components/ui/page.js';
import { SignupForm } from '../../features/auth/components/signup-form.js';
import { useLandingAfterSignIn } from '../../features/onboarding/landing.js';

export function SignupRoute() {
  const navigate = useNavigate();
  const landing = useLandingAfterSignIn();
  return (
    <Page title="Create your Herald account" lead="Herald writes your posts every night; you approve them in two minutes a day." narrow>
      <SignupForm onSignedUp={() => void landing('/').then((to) => navigate(to, { replace: true }))} />
      <p>
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </Page>
  );
}
