import { ROLE_NAMES, type Role } from '../../platform/auth/roles.ts';

// `organisation` is matched by name in the demo file.
// Demo accounts exist only in the embedded demo database; their password is printed by `npm start` there.
export const DEMO_PASSWORD = 'demo-password-1';

export const DEMO_ACCOUNTS: { email: string; name: string; role: Role; organisation: string | null }[] = [
  { email: 'admin@demo.csp-hub.test', name: 'Alex Admin', role: 'admin', organisation: null },
  { email: 'coordinator@demo.csp-hub.test', name: 'Chris Coordinator', role: 'coordinator', organisation: 'Colchester Borough Council' },
  { email: 'police@demo.csp-hub.test', name: 'Pat Partner (Essex Police)', role: 'partner_editor', organisation: 'Essex Police' },
  { email: 'analyst@demo.csp-hub.test', name: 'Ana Analyst', role: 'analyst', organisation: 'Colchester Borough Council' },
  { email: 'councillor@demo.csp-hub.test', name: 'Cllr Casey Committee', role: 'committee_member', organisation: null },
  { email: 'viewer@demo.csp-hub.test', name: 'Vic Viewer', role: 'viewer', organisation: null },
];

/** One line per demo account, its role in words, as `npm start` lists them. */
export function demoAccountLines(): string[] {
  return DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(32)} ${ROLE_NAMES[a.role]}${a.organisation ? ` (${a.organisation})` : ''}`);
}
