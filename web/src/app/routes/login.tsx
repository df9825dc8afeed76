import { Link, useNavigate, useSearchParams } from 'react-router';
import { Page } from '../../components/ui/page.js';
import { LoginForm } from '../../features/auth/components/login-form.js';
import { useLandingAfterSignIn } from '../../features/onboarding/landing.js';
import { safeNext } from '../../lib/safe-next.js';

export function LoginRoute() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const landing = useLandingAfterSignIn();
  return (
    <Page title="Log in to Herald" narrow>
      <LoginForm onLoggedIn={() => void landing(safeNext(params.get('next'))).then((to) => navigate(to, { replace: true }))} />
      <p>
        <Link to="/forgot-password">Forgot your password?</Link> · <Link to="/signup">Create an account</Link>
      </p>
    </Page>
  );
}
