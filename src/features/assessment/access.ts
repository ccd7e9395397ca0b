// Who may use the assessment pages (declared on each route; see platform/http/access.ts).
import type { PermissionAccess } from '../../platform/http/access.ts';

/** Members who may see the partnership's working papers (drafts, scores, imports); `what` completes the sentence that tells anyone else why not. */
export const members = (what: string): PermissionAccess =>
  ({ permission: 'view_drafts', refusal: `Only members of the partnership can ${what}.` });

/** Analysts, coordinators and administrators. */
export const analysts = (what: string): PermissionAccess =>
  ({ permission: 'analyse', refusal: `Only the partnership’s analysts, coordinators and administrators can ${what}.` });

/** Coordinators and administrators: changing the plan. */
export const coordinators = (what: string): PermissionAccess =>
  ({ permission: 'edit_plan', refusal: `Only the partnership’s coordinators and administrators can ${what}.` });

/** Anyone with a role in the partnership, committee members too: pages with no unpublished text. */
export const readers = (what: string): PermissionAccess =>
  ({ permission: 'read_internal', refusal: `Only members of the partnership can ${what}.` });

/** The assessment page; the API shows partner figures to exactly those it lets in. */
export const ASSESSMENT_PAGE = readers('see its strategic assessment');
