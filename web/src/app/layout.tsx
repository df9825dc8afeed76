import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { Alert } from '../components/ui/alert.js';
import { Button } from '../components/ui/button.js';
import { useLogout } from '../features/auth/api/auth-mutations.js';
import { useSession } from '../features/auth/api/session.js';
import { VerifyBanner } from '../features/auth/components/verify-banner.js';
import { useMe } from '../features/orgs/api/me.js';
import { OrgSwitcher } from '../features/orgs/components/org-switcher.js';

/** Herald's support staff see their console; /me asks only once someone is signed in. */
function SupportLink() {
  const me = useMe();
  return me.data?.staff ? <NavLink to="/support">Support</NavLink> : null;
}

/** The signed-in shell: header, navigation, org switcher; anyone else goes to log in first. */
export function SignedInLayout() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();

  if (session.isPending) return <p className="page" role="status">Loading…</p>;
  if (session.error) return <main className="page"><Alert>{session.error.message}</Alert></main>;
  if (!session.data?.user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.hash)}`} replace />;

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand">Herald</span>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Today
          </NavLink>
          <NavLink to="/calendar">Calendar</NavLink>
          <NavLink to="/strategy">Strategy</NavLink>
          <NavLink to="/compose">Compose</NavLink>
          <NavLink to="/analytics">Analytics</NavLink>
          <NavLink to="/accounts">Accounts</NavLink>
          <NavLink to="/team">Team</NavLink>
          <NavLink to="/billing">Billing</NavLink>
          <NavLink to="/settings">Settings</NavLink>
          <NavLink to="/status">Status</NavLink>
          <SupportLink />
        </nav>
        <div className="header-end">
          <OrgSwitcher />
          <Button variant="secondary" isPending={logout.isPending} onPress={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}>
            Log out
          </Button>
        </div>
      </header>
      <VerifyBanner user={session.data.user} />
      <Outlet />
    </>
  );
}
