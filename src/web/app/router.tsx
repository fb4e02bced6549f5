import { createBrowserRouter } from 'react-router'
import { AdminProceduresPage } from '../officials/AdminProceduresPage'
import { ProcedureEditorPage } from '../officials/ProcedureEditorPage'
import { RatingsPage } from '../officials/RatingsPage'
import { WorkspaceDossierPage } from '../officials/WorkspaceDossierPage'
import { AccountPage } from '../pages/AccountPage'
import { AdminAgenciesPage } from '../pages/AdminAgenciesPage'
import { ApplyPage } from '../pages/ApplyPage'
import { DashboardPage } from '../pages/DashboardPage'
import { DossierPage } from '../pages/DossierPage'
import { DossiersPage } from '../pages/DossiersPage'
import { ErrorPage } from '../pages/ErrorPage'
import { HomePage } from '../pages/HomePage'
import { LoginPage } from '../pages/LoginPage'
import { NotFoundPage } from '../pages/NotFoundPage'
import { ProcedurePage } from '../pages/ProcedurePage'
import { ProceduresPage } from '../pages/ProceduresPage'
import { ServiceIndexPage } from '../pages/ServiceIndexPage'
import { VerifyPage } from '../pages/VerifyPage'
import { WalletPage } from '../pages/WalletPage'
import { WorkspacePage } from '../pages/WorkspacePage'
import { Layout } from './Layout'

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      {
        // Errors thrown while rendering a page are shown inside the layout, header and all.
        errorElement: <ErrorPage />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'procedures', element: <ProceduresPage /> },
          { path: 'procedures/:code', element: <ProcedurePage /> },
          { path: 'procedures/:code/apply', element: <ApplyPage /> },
          { path: 'dossiers', element: <DossiersPage /> },
          { path: 'dossiers/:code', element: <DossierPage /> },
          { path: 'wallet', element: <WalletPage /> },
          { path: 'verify', element: <VerifyPage /> },
          { path: 'verify/:id', element: <VerifyPage /> },
          { path: 'dashboard', element: <DashboardPage /> },
          { path: 'service-index', element: <ServiceIndexPage /> },
          { path: 'login', element: <LoginPage /> },
          { path: 'account', element: <AccountPage /> },
          { path: 'workspace', element: <WorkspacePage /> },
          { path: 'workspace/dossiers/:code', element: <WorkspaceDossierPage /> },
          { path: 'workspace/ratings', element: <RatingsPage /> },
          { path: 'admin/agencies', element: <AdminAgenciesPage /> },
          { path: 'admin/procedures', element: <AdminProceduresPage /> },
          { path: 'admin/procedures/:code/new', element: <ProcedureEditorPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
])
