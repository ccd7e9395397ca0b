// Who may use the plan pages (declared on each route; see platform/http/access.ts).
import type { Access } from '../../platform/http/access.ts';

/** Coordinators and administrators; `what` completes the sentence that tells anyone else why not. */
export const coordinators = (what: string): Access =>
  ({ permission: 'edit_plan', refusal: `Only the partnership’s coordinators and administrators can ${what}.` });

/** Partner editors too: which initiatives they may change is the plans service's decision. */
export const INITIATIVE_EDITORS: Access = {
  permission: 'edit_initiative',
  refusal: 'Only the partnership’s coordinators, and partner editors for the initiatives their organisation leads or supports, can change initiatives.',
};
