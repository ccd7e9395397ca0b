// Two partnerships of Essex Police — the demo's Colchester and a Chelmsford one set up as an
// administrator would — on one test database, for the tests of data shared by the partnerships of a
// force (not a test file itself).
import { testDb } from '../../../../test/helpers.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Partnership } from '../../partnerships/service.ts';
import { fixture } from './police-uk/fixtures.test-helper.ts';

export const COLCHESTER = 'E07000071';
export const CHELMSFORD = 'E07000070';
export const ANALYST: Actor = { userId: null, role: 'analyst', organisationId: null };
/** 200 real rows of Essex 2022-09: 120 in Colchester, 40 in Chelmsford (test/fixtures/police-uk/README.md). */
export const SEPTEMBER = fixture('archive/2022-09/2022-09-essex-street.csv');

export interface TwoPartnerships {
  t: Awaited<ReturnType<typeof testDb>>;
  scp: Partnership;
  chelmsford: Partnership;
}

export async function twoPartnershipsOfEssex(): Promise<TwoPartnerships> {
  const t = await testDb();
  const scp = await t.services.partnerships.bySlug('scp');
  await t.services.partnerships.create({
    slug: 'safer-chelmsford', name: 'Safer Chelmsford Partnership', shortName: 'SCP2', policeForce: 'essex',
    planYearStartMonth: 4, assessmentYearStartMonth: 4, areas: [{ code: CHELMSFORD, name: 'Chelmsford' }],
  }, null);
  return { t, scp, chelmsford: await t.services.partnerships.bySlug('safer-chelmsford') };
}
