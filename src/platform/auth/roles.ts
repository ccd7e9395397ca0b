// What each role may do in its partnership. Partner editors are further limited to the
// initiatives their organisation leads or supports (checked by the plans service).

export const ROLES = ['admin', 'coordinator', 'partner_editor', 'analyst', 'committee_member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  admin: 'Administrator',
  coordinator: 'Coordinator',
  partner_editor: 'Partner editor',
  analyst: 'Analyst',
  committee_member: 'Committee member',
  viewer: 'Viewer',
};

export type Permission = 'view_drafts' | 'edit_plan' | 'edit_initiative' | 'manage_partnership' | 'approve_plan' | 'analyse';

const GRANTS: Record<Role, Permission[]> = {
  admin: ['view_drafts', 'edit_plan', 'edit_initiative', 'manage_partnership', 'approve_plan', 'analyse'],
  coordinator: ['view_drafts', 'edit_plan', 'edit_initiative', 'manage_partnership', 'approve_plan', 'analyse'],
  partner_editor: ['view_drafts', 'edit_initiative'],
  analyst: ['view_drafts', 'analyse'],
  committee_member: ['view_drafts'],
  viewer: ['view_drafts'],
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role ? GRANTS[role].includes(permission) : false;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
