import { createBrowserRouter } from 'react-router'
import { Loading } from '../components/Loading'
import { ErrorPage } from '../pages/ErrorPage'
import { HomePage } from '../pages/HomePage'
import { NotFoundPage } from '../pages/NotFoundPage'
import { Layout } from './Layout'

// The home page comes with the app; every other page is loaded with its route (`lazy`), so that a
// first visit downloads the page it opens and not the others (forms, charts, the back office).
export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      {
        // Errors thrown while rendering a page are shown inside the layout, header and all.
        errorElement: <ErrorPage />,
        // What the layout shows while the page of the first address loads.
        hydrateFallbackElement: <Loading />,
        children: [
          { index: true, element: <HomePage /> },
          {
            path: 'procedures',
            lazy: { Component: async () => (await import('../pages/ProceduresPage')).ProceduresPage },
          },
          {
            path: 'procedures/:code',
            lazy: { Component: async () => (await import('../pages/ProcedurePage')).ProcedurePage },
          },
          {
            path: 'procedures/:code/apply',
            lazy: { Component: async () => (await import('../pages/ApplyPage')).ApplyPage },
          },
          {
            path: 'dossiers',
            lazy: { Component: async () => (await import('../pages/DossiersPage')).DossiersPage },
          },
          {
            path: 'dossiers/:code',
            lazy: { Component: async () => (await import('../pages/DossierPage')).DossierPage },
          },
          {
            path: 'wallet',
            lazy: { Component: async () => (await import('../pages/WalletPage')).WalletPage },
          },
          {
            path: 'suggestions',
            lazy: { Component: async () => (await import('../proactive/SuggestionsPage')).SuggestionsPage },
          },
          {
            path: 'my-data-reads',
            lazy: { Component: async () => (await import('../exchange/MyReadsPage')).MyReadsPage },
          },
          {
            path: 'verify',
            lazy: { Component: async () => (await import('../pages/VerifyPage')).VerifyPage },
          },
          {
            path: 'verify/:id',
            lazy: { Component: async () => (await import('../pages/VerifyPage')).VerifyPage },
          },
          {
            path: 'dashboard',
            lazy: { Component: async () => (await import('../pages/DashboardPage')).DashboardPage },
          },
          {
            path: 'service-index',
            lazy: { Component: async () => (await import('../pages/ServiceIndexPage')).ServiceIndexPage },
          },
          { path: 'login', lazy: { Component: async () => (await import('../pages/LoginPage')).LoginPage } },
          {
            path: 'login/vneid',
            lazy: { Component: async () => (await import('../pages/VneidCallbackPage')).VneidCallbackPage },
          },
          {
            path: 'account',
            lazy: { Component: async () => (await import('../pages/AccountPage')).AccountPage },
          },
          {
            path: 'workspace',
            lazy: { Component: async () => (await import('../pages/WorkspacePage')).WorkspacePage },
          },
          {
            path: 'workspace/dossiers/:code',
            lazy: {
              Component: async () => (await import('../officials/WorkspaceDossierPage')).WorkspaceDossierPage,
            },
          },
          {
            path: 'workspace/ratings',
            lazy: { Component: async () => (await import('../officials/RatingsPage')).RatingsPage },
          },
          {
            path: 'admin/agencies',
            lazy: { Component: async () => (await import('../pages/AdminAgenciesPage')).AdminAgenciesPage },
          },
          {
            path: 'admin/procedures',
            lazy: {
              Component: async () => (await import('../officials/AdminProceduresPage')).AdminProceduresPage,
            },
          },
          {
            path: 'admin/procedures/:code/new',
            lazy: {
              Component: async () => (await import('../officials/ProcedureEditorPage')).ProcedureEditorPage,
            },
          },
          {
            path: 'governance/tasks',
            lazy: { Component: async () => (await import('../governance/TasksPage')).TasksPage },
          },
          {
            path: 'governance/tasks/:id',
            lazy: { Component: async () => (await import('../governance/TaskPage')).TaskPage },
          },
          {
            path: 'governance/reporting',
            lazy: { Component: async () => (await import('../governance/ReportingPage')).ReportingPage },
          },
          {
            path: 'governance/reporting/:id',
            lazy: { Component: async () => (await import('../governance/ReportingPage')).RegimePage },
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
])
