import { Link, useNavigate, useSearchParams } from 'react-router';
import { Page } from '../../components/ui/page.js';
import { LoginForm } from '../../features/auth/components/login-form.js';
import { safeNext } from '../../lib/safe-next.js';

export function LoginRoute() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return (
    <Page title="Log in to Herald" narrow>
      <LoginForm onLoggedIn={() => navigate(safeNext(params.get('next')), { replace: true })} />
      <p>
        <Link to="/forgot-password">Forgot your password?</Link> · <Link to="/signup">Create an account</Link>
      </p>
    </Page>
  );
}
