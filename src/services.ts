import type { Db } from './platform/db/types.ts';
import { usersService } from './platform/auth/users-service.ts';
import { partnershipsService } from './features/partnerships/service.ts';
import { frameworksService } from './features/frameworks/service.ts';
import { plansService } from './features/plans/service.ts';
import { planLifecycleService } from './features/plans/lifecycle-service.ts';
import { prioritiesService } from './features/plans/priority-service.ts';

/** The one place services are built: each gets the data clients and the services it needs. */
export function createServices(db: Db) {
  const users = usersService(db);
  const partnerships = partnershipsService(db);
  const frameworks = frameworksService(db);
  const plans = plansService(db, { partnerships, frameworks });
  const lifecycle = planLifecycleService(db, { plans });
  const priorities = prioritiesService(db);
  return { db, users, partnerships, frameworks, plans, lifecycle, priorities };
}

export type Services = ReturnType<typeof createServices>;
