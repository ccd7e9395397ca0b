import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';

let t: Awaited<ReturnType<typeof testApp>>;
before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

const partnershipCount = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM partnerships'))[0].n;
const admin = () => new Agent(t.app).signIn('admin@demo.csp-hub.test', DEMO_PASSWORD);
const BRIGHTON = { name: 'Safer Brighton and Hove Partnership', shortName: 'SBHP', slug: 'brighton-hove', planYearStartMonth: '4', assessmentYearStartMonth: '10' };
/** The text of a page without its markup, for reading what people see. */
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

test('a partnership is set up by district name: the check page shows its force by name, and confirming makes it', async () => {
  const a = await admin();
  const home = await a.get('/');
  assert.match(home.body, /Add a partnership/);
  const form = await a.get('/partnerships/new');
  assert.match(form.body, /<option value="E06000043">Brighton and Hove \(E06000043\)<\/option>/);
  assert.match(form.body, /<option value="W06000015">Cardiff \(W06000015\)<\/option>/, 'Welsh districts are offered too');
  assert.match(form.body, /data-module="app-district-autocomplete"/);
  assert.match(form.body, /src="\/assets\/autocomplete\/accessible-autocomplete.min.js"/);
  const script = await a.get('/assets/autocomplete/accessible-autocomplete.min.js');
  assert.equal(script.statusCode, 200);
  assert.match(script.body, /accessibleAutocomplete/);

  const check = await a.post('/partnerships/new', { ...BRIGHTON, areaCodes: 'E06000043', action: 'check' }, '/partnerships/new');
  assert.equal(check.statusCode, 200);
  assert.match(text(check.body), /Police force Sussex Police/);
  assert.match(text(check.body), /Local authority districts Brighton and Hove \(E06000043\)/);
  assert.match(check.body, /name="confirmedForce" value="sussex"/);
  assert.equal(await t.services.partnerships.findBySlug('brighton-hove'), null, 'nothing is made before the force is confirmed');

  const made = await a.post('/partnerships/new', { ...BRIGHTON, areaCodes: 'E06000043', confirmedForce: 'sussex', action: 'confirm' }, '/partnerships/new');
  assert.equal(made.statusCode, 303);
  assert.equal(made.headers.location, '/p/brighton-hove/admin');
  const p = await t.services.partnerships.bySlug('brighton-hove');
  assert.equal(p.policeForce, 'sussex');
  assert.deepEqual(p.areas, [{ code: 'E06000043', name: 'Brighton and Hove' }]);
  const [role] = await t.db.query<{ role: string }>(
    `SELECT r.role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.email = 'admin@demo.csp-hub.test' AND r.partnership_id = $1`, [p.id]);
  assert.equal(role.role, 'admin');
  const [audit] = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE record_type = 'partnership' AND record_id = $1`, [p.id]);
  assert.equal(audit.action, 'create');
});

test('a force confirmed for other districts than those sent is shown for checking again, and nothing is made', async () => {
  const a = await admin();
  const before = await partnershipCount();
  const res = await a.post('/partnerships/new', { ...BRIGHTON, slug: 'brighton-two', areaCodes: 'E06000043', confirmedForce: 'essex', action: 'confirm' }, '/partnerships/new');
  assert.equal(res.statusCode, 200);
  assert.match(text(res.body), /Police force Sussex Police/);
  assert.equal(await partnershipCount(), before);
});

test('districts of two forces are refused naming each district and force, and everything typed is kept', async () => {
  const a = await admin();
  const before = await partnershipCount();
  const mixed = await a.post('/partnerships/new', { ...BRIGHTON, slug: 'cross-border', areaCodes: ['E06000043', 'E07000071'], action: 'check' }, '/partnerships/new');
  assert.equal(mixed.statusCode, 400);
  assert.match(mixed.body, /The districts must all be policed by one force: Brighton and Hove \(E06000043\) is policed by Sussex Police; Colchester \(E07000071\) is policed by Essex Police/);
  assert.match(mixed.body, /value="Safer Brighton and Hove Partnership"/);
  assert.match(mixed.body, /value="cross-border"/);
  assert.match(mixed.body, /<option value="E06000043" selected>Brighton and Hove \(E06000043\)<\/option>/);
  assert.match(mixed.body, /<option value="E07000071" selected>Colchester \(E07000071\)<\/option>/);
  assert.equal((mixed.body.match(/data-module="app-district-autocomplete"/g) ?? []).length, 3, 'a chooser per district and one blank');
  assert.equal(await partnershipCount(), before);
});

test('bad input names each problem, keeps what was typed and adds nothing', async () => {
  const a = await admin();
  const before = await partnershipCount();
  const res = await a.post('/partnerships/new', {
    name: '', shortName: 'XP', slug: 'Bad Slug!', areaCodes: ['E06000043', 'E99999999'], planYearStartMonth: '4', assessmentYearStartMonth: '10',
  }, '/partnerships/new');
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /Enter the partnership’s name/);
  assert.match(res.body, /Web address name must be 2 to 40 lower-case letters/);
  assert.match(res.body, /E99999999 is not a current local authority district code/);
  assert.match(res.body, /<option value="E99999999" selected>E99999999<\/option>/, 'a code that is not a district is kept');
  const none = await a.post('/partnerships/new', { ...BRIGHTON, slug: 'no-districts', areaCodes: '' }, '/partnerships/new');
  assert.match(none.body, /Choose at least one local authority district/);
  const taken = await a.post('/partnerships/new', { ...BRIGHTON, slug: 'scp', areaCodes: 'E06000043' }, '/partnerships/new');
  assert.match(taken.body, /There is already a partnership at \/p\/scp/);
  assert.equal(await partnershipCount(), before);
});

test('"Add another district" and "Change" go back to the form with everything kept', async () => {
  const a = await admin();
  const more = await a.post('/partnerships/new', { ...BRIGHTON, areaCodes: 'E06000043', action: 'add-district' }, '/partnerships/new');
  assert.equal(more.statusCode, 200);
  assert.match(more.body, /<option value="E06000043" selected>/);
  assert.match(more.body, /<label class="govuk-label" for="areaCodes-2">\s*District 2/);
  assert.match(more.body, /value="Safer Brighton and Hove Partnership"/);
  const change = await a.post('/partnerships/new', { ...BRIGHTON, areaCodes: 'E06000043', confirmedForce: 'sussex', action: 'change' }, '/partnerships/new');
  assert.match(change.body, /<option value="E06000043" selected>/);
  assert.match(change.body, /value="brighton-hove"/);
});

test('the setup form and the administration forms give examples that name no place of the demo', async () => {
  const a = await admin();
  const pages = ['/partnerships/new', '/p/scp/admin/organisations/new', '/p/scp/admin/bodies/new', '/p/scp/admin/glossary/new', '/p/scp/frameworks/new'];
  for (const url of pages) {
    const page = await a.get(url);
    assert.equal(page.statusCode, 200, url);
    const hints = [...page.body.matchAll(/class="govuk-hint"[^>]*>([\s\S]*?)<\/div>/g)].map((m) => m[1]!).join(' ');
    assert.ok(hints.length > 0, `${url} has hints`);
    for (const name of ['Colchester', 'Essex', 'Tendring', 'ECFRS', 'SCP', '194706', '194,706', '192,700']) {
      assert.ok(!hints.includes(name), `${url}: hint names ${name}`);
    }
  }
});

test('only an instance administrator may add a partnership', async () => {
  const coordinator = await new Agent(t.app).signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
  assert.equal((await coordinator.get('/partnerships/new')).statusCode, 403);
  const before = await partnershipCount();
  const res = await coordinator.post('/partnerships/new', { name: 'X', shortName: 'X', slug: 'x-partnership', areaCodes: 'E06000043', confirmedForce: 'sussex' }, '/p/scp');
  assert.equal(res.statusCode, 403);
  assert.equal(await partnershipCount(), before);
  const anon = await new Agent(t.app).get('/partnerships/new');
  assert.equal(anon.statusCode, 303);
});
