import type { RouteObject } from 'react-router';
import { AnalysisPage } from './analysis/AnalysisPage';
import { MapPage } from './analysis/MapPage';
import { ANALYSIS_PATH, PORTFOLIO_MAP_PATH } from './analysis/paths';
import { ImportRunDetailPage } from './ingest/ImportRunDetailPage';
import { ImportRunsPage } from './ingest/ImportRunsPage';
import { SourcesPage } from './ingest/SourcesPage';
import { UnknownIdentifiersPage } from './ingest/UnknownIdentifiersPage';
import { UploadPage } from './ingest/UploadPage';
import { AppLayout } from './layout/AppLayout';
import { RequireAdmin } from './layout/RequireAdmin';
import { AccountPage } from './pages/AccountPage';
import { AuditPage } from './pages/admin/AuditPage';
import { GrantsPage } from './pages/admin/GrantsPage';
import { GroupsPage } from './pages/admin/GroupsPage';
import { HistoryImportPage } from './pages/admin/HistoryImportPage';
import { UnitsPage } from './pages/admin/UnitsPage';
import { UsersPage } from './pages/admin/UsersPage';
import { BuildingDetailPage } from './pages/BuildingDetailPage';
import { BuildingsPage } from './pages/BuildingsPage';
import { DeliveryPointDetailPage } from './pages/DeliveryPointDetailPage';
import { DeliveryPointsPage } from './pages/DeliveryPointsPage';
import { EfasPage } from './pages/EfasPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RegisterPage } from './pages/RegisterPage';
import { RouteErrorPage } from './pages/RouteErrorPage';
import { SiteDetailPage } from './pages/SiteDetailPage';
import { SitesPage } from './pages/SitesPage';
import { EfaTrajectoryPage } from './performance/EfaTrajectoryPage';
import { UserIndicatorsPage } from './performance/UserIndicatorsPage';

/** Path of the login page; the API client sends the user there on any 401 response. */
export const LOGIN_PATH = '/connexion';

// URL paths are French because users read and share them.
export const routes: RouteObject[] = [
  { path: LOGIN_PATH, element: <LoginPage />, errorElement: <RouteErrorPage /> },
  {
    path: '/',
    element: <AppLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      {
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'sites', element: <SitesPage /> },
          { path: 'sites/:id', element: <SiteDetailPage /> },
          { path: 'batiments', element: <BuildingsPage /> },
          { path: 'batiments/:id', element: <BuildingDetailPage /> },
          { path: 'points-de-livraison', element: <DeliveryPointsPage /> },
          { path: 'points-de-livraison/:id', element: <DeliveryPointDetailPage /> },
          { path: 'efa', element: <EfasPage /> },
          { path: 'efa/:id', element: <EfaTrajectoryPage /> },
          { path: 'indicateurs', element: <UserIndicatorsPage /> },
          { path: ANALYSIS_PATH.slice(1), element: <AnalysisPage /> },
          { path: PORTFOLIO_MAP_PATH.slice(1), element: <MapPage /> },
          { path: 'registres/:id', element: <RegisterPage /> },
          { path: 'compte', element: <AccountPage /> },
          {
            path: 'admin',
            element: <RequireAdmin />,
            children: [
              { path: 'utilisateurs', element: <UsersPage /> },
              { path: 'groupes', element: <GroupsPage /> },
              { path: 'droits', element: <GrantsPage /> },
              { path: 'composantes', element: <UnitsPage /> },
              { path: 'audit', element: <AuditPage /> },
              { path: 'import-historique', element: <HistoryImportPage /> },
              { path: 'sources-de-donnees', element: <SourcesPage /> },
              { path: 'journal-des-imports', element: <ImportRunsPage /> },
              { path: 'journal-des-imports/:id', element: <ImportRunDetailPage /> },
              { path: 'identifiants-inconnus', element: <UnknownIdentifiersPage /> },
              { path: 'deposer-un-fichier', element: <UploadPage /> },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
