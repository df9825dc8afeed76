import { createBrowserRouter } from 'react-router';
import { HealthPage } from '../features/health/components/health-page.js';
import { SignedInLayout } from './layout.js';
import { ForgotPasswordRoute } from './routes/forgot-password.js';
import { InvitationRoute } from './routes/invitation.js';
import { LoginRoute } from './routes/login.js';
import { NotFoundRoute } from './routes/not-found.js';
import { ResetPasswordRoute } from './routes/reset-password.js';
import { SignupRoute } from './routes/signup.js';
import { TeamRoute } from './routes/team.js';
import { TodayRoute } from './routes/today.js';
import { VerifyEmailRoute } from './routes/verify-email.js';

/** The paths e-mails link to (/verify-email, /reset-password, /invitation) are part of the API's contract. */
export const router = createBrowserRouter([
  {
    element: <SignedInLayout />,
    children: [
      { path: '/', element: <TodayRoute /> },
      { path: '/team', element: <TeamRoute /> },
    ],
  },
  { path: '/signup', element: <SignupRoute /> },
  { path: '/login', element: <LoginRoute /> },
  { path: '/forgot-password', element: <ForgotPasswordRoute /> },
  { path: '/reset-password', element: <ResetPasswordRoute /> },
  { path: '/verify-email', element: <VerifyEmailRoute /> },
  { path: '/invitation', element: <InvitationRoute /> },
  { path: '/status', element: <HealthPage /> },
  { path: '*', element: <NotFoundRoute /> },
]);
