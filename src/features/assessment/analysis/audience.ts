// Who may see what of an assessment. police.uk figures are public; partner figures are the
// partnership's own data, shown on the assessment page to its members only. The API applies the
// page's rule through this one function.
import { actorCan, type Actor } from '../../../platform/auth/actor.ts';
import { ASSESSMENT_PAGE } from '../access.ts';
import { PARTNER_FIGURES_SOURCE } from './service.ts';
import type { AssessmentResult } from '../types.ts';

export type VisibleAssessment = Omit<AssessmentResult, 'partnerFigures'> & Partial<Pick<AssessmentResult, 'partnerFigures'>>;

/** The assessment as `actor` may see it: without partner figures (or their query) unless the page would show them. */
export function assessmentFor(result: AssessmentResult, actor: Actor): VisibleAssessment {
  if (actorCan(actor, ASSESSMENT_PAGE.permission)) return result;
  const { partnerFigures: _partner, ...open } = result;
  return { ...open, sources: open.sources.filter((s) => s.name !== PARTNER_FIGURES_SOURCE) };
}
