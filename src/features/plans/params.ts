// The params of the plan pages' URLs (zod, checked before the handler: a bad one is "not found").
import { z } from 'zod';
import { id, slug } from '../../platform/http/schemas.ts';
import { planYear } from '../partnerships/years.ts';

/** /p/:slug/plans/:year */
export const planParams = z.object({ slug, year: planYear('Plan') });
/** /p/:slug/initiatives/:id */
export const initiativeParams = z.object({ slug, id: id('Initiative') });
/** /p/:slug/priorities/:id */
export const priorityParams = z.object({ slug, id: id('Priority') });
/** /p/:slug/priorities/:id/objectives/:objectiveId */
export const objectiveParams = z.object({ slug, id: id('Priority'), objectiveId: id('Objective') });
