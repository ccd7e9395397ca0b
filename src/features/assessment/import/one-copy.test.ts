// police.uk data held once per instance: one import serves every partnership of the force, each
// reads only its own area, partner data stays with its partnership, a re-import replaces the
// force-month for everyone, a refused import writes nothing, and who may import a force's data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { CurrentUser } from '../../../platform/auth/users-service.ts';
import type { Partnership } from '../../partnerships/service.ts';
import { ForbiddenError, NotFoundError } from '../../../platform/errors.ts';
import { ImportRefusedError } from './service.ts';
import { fixture } from './police-uk/fixtures.test-helper.ts';
import { ANALYST, COLCHESTER, SEPTEMBER, twoPartnershipsOfEssex, type TwoPartnerships, CHELMSFORD } from './chelmsford.test-helper.ts';
import { loadGeography } from '../geography/lookup.ts';
import { splitCsvLine } from '../csv/split.ts';

let t: TwoPartnerships['t'];
let scp: Partnership;
let chelmsford: Partnership;

before(async () => { ({ t, scp, chelmsford } = await twoPartnershipsOfEssex()); });
after(async () => { await t?.close(); });

/** Crimes and ASB summed over the area's wards (from the LSOA detail), 12 months to September 2022. */
async function wardTotal(p: Partnership): Promise<number> {
  const r = await t.services.assessment.assess(p, { to: '2022-09' });
  return r.wards.reduce((s, w) => s + w.crimes + w.asb, 0);
}

/** Fixture rows by district, counted here from the file (not by the importer). */
async function fixtureRowsByLad(path: string): Promise<Map<string, number>> {
  const geo = await loadGeography();
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/).slice(1).filter((l) => l !== '');
  const out = new Map<string, number>();
  for (const l of lines) {
    const lad = geo.lsoaToLad(splitCsvLine(l)![7]!);
    if (lad) out.set(lad, (out.get(lad) ?? 0) + 1);
  }
  return out;
}

const demoSeptember = async (lads: string): Promise<number> => {
  const geo = await loadGeography();
  const [{ n }] = await t.db.query<{ n: number }>(
    `SELECT COALESCE(sum(count), 0)::int AS n FROM crime_lsoa_month WHERE force = 'essex' AND month = '2022-09' AND lsoa_code = ANY($1::text[])`,
    [[...geo.lsoasOfLad(lads, 2011), ...geo.lsoasOfLad(lads, 2021)]]);
  return n;
};

test('one import through one partnership serves both partnerships of the force; each sees only its own area', async () => {
  const expected = await fixtureRowsByLad(SEPTEMBER);
  assert.equal(expected.get(COLCHESTER), 120); // test/fixtures/police-uk/README.md
  assert.equal(expected.get(CHELMSFORD), 40);
  const scpBefore = await wardTotal(scp);
  const colchesterDemoSeptember = await demoSeptember(COLCHESTER);
  assert.ok(colchesterDemoSeptember > 0);
  assert.equal(await wardTotal(chelmsford), 0); // the demo holds LSOA detail for Colchester only

  const report = await t.services.assessmentImport.importPoliceFiles(chelmsford, [SEPTEMBER], ANALYST);
  assert.equal(report.force, 'essex');
  assert.deepEqual(report.served, ['Safer Chelmsford Partnership', 'Safer Colchester Partnership']);
  assert.deepEqual(report.monthsReplaced, ['2022-09']); // the demo's September, whoever imported it

  assert.equal(await wardTotal(chelmsford), 40);
  assert.equal(await wardTotal(scp), scpBefore - colchesterDemoSeptember + 120);
  // One copy: the September rows are held once, not once per partnership.
  const [{ n }] = await t.db.query<{ n: number }>(`SELECT COALESCE(sum(count), 0)::int AS n FROM crime_lsoa_month WHERE month = '2022-09'`);
  assert.equal(n, 194);

  // Both logs list the import, saying whom it served; its report opens from either partnership.
  for (const p of [scp, chelmsford]) {
    const listed = (await t.services.assessmentImport.listImports(p)).find((i) => i.id === report.id);
    assert.ok(listed, p.name);
    assert.deepEqual(listed.served, ['Safer Chelmsford Partnership', 'Safer Colchester Partnership']);
    assert.equal((await t.services.assessmentImport.getImport(p, report.id)).id, report.id);
  }
});

test('a re-import replaces the force-month for every partnership; a refused import writes nothing', async () => {
  const before = [await wardTotal(scp), await wardTotal(chelmsford)];
  const again = await t.services.assessmentImport.importPoliceFiles(scp, [SEPTEMBER], ANALYST);
  assert.deepEqual(again.monthsReplaced, ['2022-09']);
  assert.deepEqual([await wardTotal(scp), await wardTotal(chelmsford)], before);

  const imports = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM imports'))[0]!.n;
  const count = await imports();
  await assert.rejects(
    t.services.assessmentImport.importPoliceFiles(chelmsford, [fixture('archive/2022-08'), fixture('broken/truncated-line.csv')], ANALYST),
    ImportRefusedError);
  assert.deepEqual([await wardTotal(scp), await wardTotal(chelmsford)], before);
  assert.equal(await imports(), count);
});

test("partner data stays with its partnership: the other partnership of the force sees none of it", async () => {
  const partner = await t.services.assessmentImport.importPartnerFile(scp, fixture('partner-data/colchester-partner.csv'), 'fire', ANALYST);
  assert.deepEqual(partner.served, []);
  assert.ok((await t.services.assessmentImport.listImports(scp)).some((i) => i.id === partner.id));
  assert.ok(!(await t.services.assessmentImport.listImports(chelmsford)).some((i) => i.id === partner.id));
  await assert.rejects(t.services.assessmentImport.getImport(chelmsford, partner.id), NotFoundError);
  assert.deepEqual(await t.services.assessmentImport.partnerDatasets(chelmsford), []);
  assert.deepEqual((await t.services.assessment.assess(chelmsford, { to: '2022-09' })).partnerFigures, []);
  assert.ok((await t.services.assessment.assess(scp, { to: '2022-09' })).partnerFigures.length > 0);
});

test("importing a force's data: an administrator, or an analyst of a partnership in that force", async () => {
  const userId = await t.services.users.create({ email: 'analyst.chelmsford@example.org', name: 'Chelmsford analyst', password: 'a long test password 1' });
  const analyst: CurrentUser = {
    id: userId, email: 'analyst.chelmsford@example.org', name: 'Chelmsford analyst', isInstanceAdmin: false,
    roles: [{ partnershipId: chelmsford.id, slug: chelmsford.slug, role: 'analyst', organisationId: null }],
  } as CurrentUser;
  const viewer: CurrentUser = { ...analyst, roles: [{ ...analyst.roles[0]!, role: 'viewer' }] };
  const admin: CurrentUser = { ...analyst, roles: [], isInstanceAdmin: true };
  const suffolk = fixture('archive/2022-09/2022-09-suffolk-street.csv.gz');

  const essex = await t.services.assessmentImport.importPoliceForce('essex', [SEPTEMBER], analyst);
  assert.equal(essex.importedBy, 'Chelmsford analyst');
  assert.deepEqual(essex.served, ['Safer Chelmsford Partnership', 'Safer Colchester Partnership']);
  await assert.rejects(t.services.assessmentImport.importPoliceForce('essex', [SEPTEMBER], viewer), ForbiddenError);
  await assert.rejects(t.services.assessmentImport.importPoliceForce('suffolk', [suffolk], analyst), ForbiddenError);
  const bySuffolkAdmin = await t.services.assessmentImport.importPoliceForce('suffolk', [suffolk], admin);
  assert.deepEqual(bySuffolkAdmin.served, []); // no Suffolk partnership yet: held for the instance
  const [{ n }] = await t.db.query<{ n: number }>(`SELECT COALESCE(sum(count), 0)::int AS n FROM crime_lsoa_month WHERE force = 'suffolk'`);
  assert.equal(n, 60); // README: the first 60 Suffolk rows, all in Babergh
  // Suffolk's import is not in an Essex partnership's log.
  assert.ok(!(await t.services.assessmentImport.listImports(scp)).some((i) => i.id === bySuffolkAdmin.id));
});
