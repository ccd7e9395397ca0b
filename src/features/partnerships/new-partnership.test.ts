import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';

let t: Awaited<ReturnType<typeof testApp>>;
before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

const partnershipCount = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM partnerships'))[0].n;

test('an instance administrator adds a partnership for real districts of one force and becomes its administrator', async () => {
  const admin = await new Agent(t.app).signIn('admin@demo.csp-hub.test', DEMO_PASSWORD);
  const home = await admin.get('/');
  assert.match(home.body, /Add a partnership/);
  const res = await admin.post('/partnerships/new', {
    name: 'Safer Tendring Partnership', shortName: 'STP', slug: 'tendring', areaCodes: 'e07000076',
    planYearStartMonth: '4', assessmentYearStartMonth: '10',
  }, '/partnerships/new');
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/p/tendring/admin');
  const p = await t.services.partnerships.bySlug('tendring');
  assert.equal(p.policeForce, 'essex');
  assert.deepEqual(p.areas, [{ code: 'E07000076', name: 'Tendring' }]);
  const [role] = await t.db.query<{ role: string }>(
    `SELECT r.role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.email = 'admin@demo.csp-hub.test' AND r.partnership_id = $1`, [p.id]);
  assert.equal(role.role, 'admin');
  const [audit] = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE record_type = 'partnership' AND record_id = $1`, [p.id]);
  assert.equal(audit.action, 'create');
});

test('bad input names each problem, keeps what was typed and adds nothing', async () => {
  const admin = await new Agent(t.app).signIn('admin@demo.csp-hub.test', DEMO_PASSWORD);
  const before = await partnershipCount();
  const res = await admin.post('/partnerships/new', {
    name: '', shortName: 'XP', slug: 'Bad Slug!', areaCodes: 'E07000071, E99999999', planYearStartMonth: '4', assessmentYearStartMonth: '10',
  }, '/partnerships/new');
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /Enter the partnership’s name/);
  assert.match(res.body, /Web address name must be 2 to 40 lower-case letters/);
  assert.match(res.body, /E99999999 is not a local authority district code/);
  assert.match(res.body, /value="E07000071, E99999999"/);
  const mixed = await admin.post('/partnerships/new', {
    name: 'Cross-border', shortName: 'CB', slug: 'cross-border', areaCodes: 'E07000071, E07000200', planYearStartMonth: '4', assessmentYearStartMonth: '10',
  }, '/partnerships/new');
  assert.equal(mixed.statusCode, 400);
  assert.match(mixed.body, /all be policed by the same force/);
  const taken = await admin.post('/partnerships/new', {
    name: 'Another', shortName: 'A', slug: 'scp', areaCodes: 'E07000071', planYearStartMonth: '4', assessmentYearStartMonth: '10',
  }, '/partnerships/new');
  assert.match(taken.body, /There is already a partnership at \/p\/scp/);
  assert.equal(await partnershipCount(), before);
});

test('only an instance administrator may add a partnership', async () => {
  const coordinator = await new Agent(t.app).signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
  assert.equal((await coordinator.get('/partnerships/new')).statusCode, 403);
  const before = await partnershipCount();
  const res = await coordinator.post('/partnerships/new', { name: 'X', shortName: 'X', slug: 'x-partnership', areaCodes: 'E07000076' }, '/p/scp');
  assert.equal(res.statusCode, 403);
  assert.equal(await partnershipCount(), before);
  const anon = await new Agent(t.app).get('/partnerships/new');
  assert.equal(anon.statusCode, 303);
});
