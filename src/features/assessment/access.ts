// Who may use the assessment pages (declared on each route; see platform/http/access.ts).
import type { Access } from '../../platform/http/access.ts';

/** Members who may see the partnership's working papers (drafts, scores, imports); `what` completes the sentence that tells anyone else why not. */
export const members = (what: string): Access =>
  ({ permission: 'view_drafts', refusal: `Only members of the partnership can ${what}.` });

/** Analysts, coordinators and administrators. */
export const analysts = (what: string): Access =>
  ({ permission: 'analyse', refusal: `Only the partnership’s analysts, coordinators and administrators can ${what}.` });

/** Coordinators and administrators: changing the plan. */
export const coordinators = (what: string): Access =>
  ({ permission: 'edit_plan', refusal: `Only the partnership’s coordinators and administrators can ${what}.` });

/** Anyone with a role in the partnership, committee members too: pages with no unpublished text. */
export const readers = (what: string): Access =>
  ({ permission: 'read_internal', refusal: `Only members of the partnership can ${what}.` });
