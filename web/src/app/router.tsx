import { createBrowserRouter } from 'react-router';
import { HealthPage } from '../features/health/components/health-page.js';
import { SignedInLayout } from './layout.js';
import { AccountsRoute } from './routes/accounts.js';
import { AnalyticsRoute } from './routes/analytics.js';
import { BillingRoute } from './routes/billing.js';
import { CalendarRoute } from './routes/calendar.js';
import { ComposeRoute } from './routes/compose.js';
import { DigestRoute } from './routes/digest.js';
import { OnboardingRoute } from './routes/onboarding.js';
import { PostDetailRoute } from './routes/post-detail.js';
import { SettingsRoute } from './routes/settings.js';
import { StrategyRoute } from './routes/strategy.js';
import { SupportRoute } from './routes/support.js';
import { ForgotPasswordRoute } from './routes/forgot-password.js';
import { InvitationRoute } from './routes/invitation.js';
import { LoginRoute } from './routes/login.js';
import { NotFoundRoute } from './routes/not-found.js';
import { ResetPasswordRoute } from './routes/reset-password.js';
import { SignupRoute } from './routes/signup.js';
import { TeamRoute } from './routes/team.js';
import { TodayRoute } from './routes/today.js';
import { VerifyEmailRoute } from './routes/verify-email.js';

/** The paths e-mails link to (/verify-email, /reset-password, /invitation, /digests/:digestId) are part of the API's contract. */
export const router = createBrowserRouter([
  {
    element: <SignedInLayout />,
    children: [
      { path: '/', element: <TodayRoute /> },
      { path: '/onboarding', element: <OnboardingRoute /> },
      { path: '/calendar', element: <CalendarRoute /> },
      { path: '/strategy', element: <StrategyRoute /> },
      { path: '/compose', element: <ComposeRoute /> },
      { path: '/posts/:postId', element: <PostDetailRoute /> },
      { path: '/digests/:digestId', element: <DigestRoute /> },
      { path: '/analytics', element: <AnalyticsRoute /> },
      { path: '/accounts', element: <AccountsRoute /> },
      { path: '/team', element: <TeamRoute /> },
      { path: '/billing', element: <BillingRoute /> },
      // Stripe's Checkout and Customer Portal send the browser back here (the API's success and return URLs).
      { path: '/orgs/:orgId/billing', element: <BillingRoute /> },
      { path: '/settings', element: <SettingsRoute /> },
      { path: '/support', element: <SupportRoute /> },
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
