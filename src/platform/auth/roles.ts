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

/**
 * - `read_internal`: members' pages that hold no unpublished text (the assessment's figures, members and bodies).
 * - `view_drafts`: the partnership's unpublished work — draft plans, revisions in progress, the history of
 *   changes (with the names of the staff who made them) and the scoring papers.
 */
export type Permission = 'read_internal' | 'view_drafts' | 'edit_plan' | 'edit_initiative' | 'manage_partnership' | 'approve_plan' | 'analyse';

// Committee members scrutinise what the partnership has published; they do not see its drafts.
const GRANTS: Record<Role, Permission[]> = {
  admin: ['read_internal', 'view_drafts', 'edit_plan', 'edit_initiative', 'manage_partnership', 'approve_plan', 'analyse'],
  coordinator: ['read_internal', 'view_drafts', 'edit_plan', 'edit_initiative', 'manage_partnership', 'approve_plan', 'analyse'],
  partner_editor: ['read_internal', 'view_drafts', 'edit_initiative'],
  analyst: ['read_internal', 'view_drafts', 'analyse'],
  committee_member: ['read_internal'],
  viewer: ['read_internal', 'view_drafts'],
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role ? GRANTS[role].includes(permission) : false;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
