import type { Me } from '../api/types'
import { followsGovernance } from '../governance/common'
import { isAgencyAdmin, isApplicant, isOfficial } from './session'

/** One entry of the header's main navigation. */
export interface NavEntry {
  to: string
  /** i18n key of its text. */
  label: string
  /** Current only on that exact path, not below it. */
  end?: boolean
  /** Who sees it; everyone when absent. */
  shownTo?: (me: Me | null) => boolean
}

/** The main navigation, in the order shown. A new page's entry is one more line here. */
export const NAV_ENTRIES: NavEntry[] = [
  { to: '/', label: 'nav.home', end: true },
  { to: '/procedures', label: 'nav.procedures' },
  { to: '/dashboard', label: 'nav.dashboard' },
  { to: '/service-index', label: 'nav.serviceIndex' },
  { to: '/dossiers', label: 'nav.myDossiers', shownTo: isApplicant },
  { to: '/wallet', label: 'nav.wallet', shownTo: isApplicant },
  { to: '/suggestions', label: 'proactive.navLabel', shownTo: (me) => me?.kind === 'citizen' },
  { to: '/my-data-reads', label: 'exchange.navLabel', shownTo: isApplicant },
  { to: '/workspace', label: 'nav.workspace', end: true, shownTo: isOfficial },
  { to: '/workspace/ratings', label: 'ratings.navLabel', shownTo: isOfficial },
  { to: '/governance/tasks', label: 'governance.navLabel', shownTo: followsGovernance },
  { to: '/admin/agencies', label: 'nav.agencies', shownTo: isAgencyAdmin },
  { to: '/admin/procedures', label: 'adminProcedures.navLabel', shownTo: isAgencyAdmin },
  { to: '/account', label: 'nav.account', shownTo: (me) => me !== null },
]
