import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import './i18n/i18n';
import './app.css';
import { SignedIn } from './auth/session-context';
import { homeOf, storedSession } from './auth/session';
import { ErrorBoundary } from './ui/error-boundary';

// Each side of the app is its own chunk: a phone opening the worker app downloads antd-mobile,
// not the console's antd (bench:console measures both).
const SignInPage = lazy(() => import('./auth/sign-in-page'));
const SignInCallbackPage = lazy(() => import('./auth/sign-in-callback-page'));
const ConsoleShell = lazy(() => import('./ui/console-shell'));
const PhoneShell = lazy(() => import('./ui/phone-shell'));
const InboxPage = lazy(() => import('./dispatcher/inbox-page'));
const OrderPage = lazy(() => import('./dispatcher/order-page'));
const DashboardPage = lazy(() => import('./dispatcher/dashboard-page'));
const SchedulePage = lazy(() => import('./schedule/schedule-page'));
const DayBoardPage = lazy(() => import('./dispatch-desk/day-board-page'));
const QueuePage = lazy(() => import('./dispatch-desk/queue-page'));
const PlanPage = lazy(() => import('./dispatch-desk/plan-page'));
const OffersPage = lazy(() => import('./worker/offers-page'));
const JobsPage = lazy(() => import('./worker/jobs-page'));
const JobPage = lazy(() => import('./worker/job-page'));
const CustomerOrdersPage = lazy(() => import('./customer/orders-page'));
const CustomerOrderPage = lazy(() => import('./customer/order-page'));
const PipelinePage = lazy(() => import('./station/pipeline-page'));
const StationJobsPage = lazy(() => import('./station/station-jobs-page'));
const LeaderboardsPage = lazy(() => import('./station/leaderboards-page'));
const ProfilePage = lazy(() => import('./worker/profile-page'));
const CataloguePage = lazy(() => import('./admin/catalogue-page'));
const FeaturesPage = lazy(() => import('./admin/features-page'));
const PolicyPage = lazy(() => import('./admin/policy-page'));
const StaffImportPage = lazy(() => import('./admin/staff-import-page'));
const BookPage = lazy(() => import('./customer/book-page'));
const ReportPage = lazy(() => import('./customer/report-page'));
const NotFound = lazy(() => import('./ui/not-found'));

function Home() {
  const session = storedSession();
  return <Navigate to={session ? homeOf(session.principal.role) : '/sign-in'} replace />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <BrowserRouter>
        <Suspense fallback={null}>
          <Routes>
            <Route path="/" element={<Home />} />
            <Route path="/sign-in" element={<SignInPage />} />
            <Route path="/sign-in/callback" element={<SignInCallbackPage />} />
            <Route
              element={
                <SignedIn>
                  <ConsoleShell />
                </SignedIn>
              }
            >
              <Route path="/inbox" element={<InboxPage />} />
              <Route path="/orders/:id" element={<OrderPage />} />
              <Route path="/dashboard" element={<DashboardPage />} />
              <Route path="/pipeline" element={<PipelinePage />} />
              <Route path="/station-jobs" element={<StationJobsPage />} />
              <Route path="/leaderboards" element={<LeaderboardsPage />} />
              <Route path="/admin/catalogue" element={<CataloguePage />} />
              <Route path="/admin/features" element={<FeaturesPage />} />
              <Route path="/admin/policy" element={<PolicyPage />} />
              <Route path="/admin/staff-import" element={<StaffImportPage />} />
              <Route path="/schedule" element={<SchedulePage />} />
              <Route path="/day-board" element={<DayBoardPage />} />
              <Route path="/queue" element={<QueuePage />} />
              <Route path="/plan" element={<PlanPage />} />
            </Route>
            <Route
              element={
                <SignedIn>
                  <PhoneShell />
                </SignedIn>
              }
            >
              <Route path="/m/offers" element={<OffersPage />} />
              <Route path="/m/offers/:offerId" element={<OffersPage />} />
              <Route path="/offers/:offerId" element={<OffersPage />} />
              <Route path="/m/jobs" element={<JobsPage />} />
              <Route path="/m/jobs/:id" element={<JobPage />} />
              <Route path="/jobs/:id" element={<JobPage />} />
              <Route path="/m/orders" element={<CustomerOrdersPage />} />
              <Route path="/m/orders/:id" element={<CustomerOrderPage />} />
              <Route path="/m/me" element={<ProfilePage />} />
              <Route path="/m/book" element={<BookPage />} />
              <Route path="/m/report" element={<ReportPage />} />
            </Route>
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </BrowserRouter>
    </ErrorBoundary>
  </StrictMode>,
);
