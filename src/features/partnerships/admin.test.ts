import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';
import { ForbiddenError, ValidationError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/auth/actor.ts';

let t: Awaited<ReturnType<typeof testApp>>;

// Sign-in is rate limited (10 a minute), so each account signs in once per file.
const agents = new Map<string, Agent>();
async function signedIn(email: string) {
  if (!agents.has(email)) agents.set(email, await new Agent(t.app).signIn(email, DEMO_PASSWORD));
  return agents.get(email)!;
}
async function count(sql: string, params: unknown[] = []) {
  const [row] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) x`, params);
  return row.n;
}
async function orgByName(name: string) {
  const [row] = await t.db.query<{ id: number; version: number }>('SELECT id, version FROM organisations WHERE name = $1', [name]);
  assert.ok(row, `organisation ${name} exists`);
  return row;
}
const decode = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

before(async () => {
  t = await testApp();
});
after(async () => { await t?.close(); });

test('anonymous visitors are sent to sign in; other roles get 403 on the pages', async () => {
  const anon = new Agent(t.app);
  const res = await anon.get('/p/scp/admin/organisations');
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `/sign-in?returnTo=${encodeURIComponent('/p/scp/admin/organisations')}`);
  for (const email of ['viewer@demo.csp-hub.test', 'police@demo.csp-hub.test']) {
    const agent = await signedIn(email);
    for (const url of ['/p/scp/admin', '/p/scp/admin/organisations', '/p/scp/admin/membership', '/p/scp/admin/bodies', '/p/scp/admin/users']) {
      assert.equal((await agent.get(url)).statusCode, 403, `${email} refused ${url}`);
    }
  }
  const coordinator = await signedIn('coordinator@demo.csp-hub.test');
  const index = await coordinator.get('/p/scp/admin');
  assert.equal(index.statusCode, 200);
  for (const section of ['organisations', 'membership', 'bodies', 'users']) assert.match(index.body, new RegExp(`href="/p/scp/admin/${section}"`));
});

test('a coordinator adds an organisation: it is listed and audited', async () => {
  const agent = await signedIn('coordinator@demo.csp-hub.test');
  const res = await agent.post('/p/scp/admin/organisations', { name: 'Colchester Night Pastors', acronym: 'CNP', kind: 'charity' }, '/p/scp/admin/organisations/new');
  assert.equal(res.statusCode, 303);
  const list = await agent.get(String(res.headers.location));
  assert.match(list.body, /Organisation added/);
  assert.match(list.body, /Colchester Night Pastors/);
  const { id } = await orgByName('Colchester Night Pastors');
  const [audit] = await t.db.query<{ action: string; after: { name: string; acronym: string; kind: string }; userName: string }>(
    `SELECT a.action, a.after, u.name AS "userName" FROM audit_log a JOIN users u ON u.id = a.user_id
      WHERE a.record_type = 'organisation' AND a.record_id = $1`, [id]);
  assert.deepEqual(audit.after, { name: 'Colchester Night Pastors', acronym: 'CNP', kind: 'charity' });
  assert.equal(audit.action, 'create');
  assert.equal(audit.userName, 'Chris Coordinator');
  const history = await agent.get(`/p/scp/admin/organisations/${id}/history`);
  assert.equal(history.statusCode, 200);
  assert.match(history.body, /Create: Added Colchester Night Pastors/);
});

test('a duplicate organisation name shows the error summary and keeps what was typed', async () => {
  const agent = await signedIn('admin@demo.csp-hub.test');
  const before = await count('SELECT 1 FROM organisations');
  const res = await agent.post('/p/scp/admin/organisations', { name: 'essex police', acronym: 'EPX', kind: 'police' }, '/p/scp/admin/organisations/new');
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /There is a problem/);
  assert.match(res.body, /<a href="#name">An organisation called Essex Police already exists in this partnership<\/a>/);
  assert.match(res.body, /id="name" name="name"[^>]*value="essex police"/);
  assert.match(res.body, /value="EPX"/);
  assert.match(res.body, /<option value="police" selected>/);
  assert.match(res.body, /<title>Error: /);
  assert.equal(await count('SELECT 1 FROM organisations'), before);

  const blank = await agent.post('/p/scp/admin/organisations', { name: '', acronym: '', kind: '' }, '/p/scp/admin/organisations/new');
  assert.equal(blank.statusCode, 400);
  assert.match(decode(blank.body), /Enter the organisation’s name/);
  assert.match(blank.body, /Select the kind of organisation/);
});

test('editing an organisation saves with a version check and refuses a stale form', async () => {
  const first = await signedIn('coordinator@demo.csp-hub.test');
  const second = await signedIn('admin@demo.csp-hub.test'); // two people with the same form open
  const org = await orgByName('Colchester Night Pastors');
  const editUrl = `/p/scp/admin/organisations/${org.id}/edit`;
  const formA = await first.get(editUrl);
  assert.match(formA.body, new RegExp(`name="version" value="${org.version}"`));
  await second.get(editUrl);

  const saved = await second.post(`/p/scp/admin/organisations/${org.id}`, { name: 'Colchester Street Pastors', acronym: 'CSP', kind: 'charity', version: String(org.version) }, editUrl);
  assert.equal(saved.statusCode, 303);

  const stale = await first.post(`/p/scp/admin/organisations/${org.id}`, { name: 'Night Pastors of Colchester', acronym: 'NPC', kind: 'other', version: String(org.version) }, editUrl);
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /Someone else saved this organisation after you opened it/);
  assert.match(stale.body, /The version saved by someone else/);
  assert.match(stale.body, /Colchester Street Pastors/); // the saved version is shown
  assert.match(stale.body, /value="Night Pastors of Colchester"/); // what was typed is kept
  assert.match(stale.body, new RegExp(`name="version" value="${org.version + 1}"`));
  const [now] = await t.db.query<{ name: string; version: number }>('SELECT name, version FROM organisations WHERE id = $1', [org.id]);
  assert.deepEqual(now, { name: 'Colchester Street Pastors', version: org.version + 1 });

  const history = await first.get(`/p/scp/admin/organisations/${org.id}/history`);
  assert.match(history.body, /Colchester Night Pastors/);
  assert.match(history.body, /Alex Admin/);
});

test('membership for 2022-23: only changes are saved, audited, and shown on the partnership page', async () => {
  const agent = await signedIn('coordinator@demo.csp-hub.test');
  const scp = await t.services.partnerships.bySlug('scp');
  const [outsider] = await t.db.query<{ id: number; name: string }>(
    `SELECT o.id, o.name FROM organisations o WHERE o.partnership_id = $1 AND o.name <> 'Colchester Street Pastors'
       AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = o.id AND m.plan_year = 2022) ORDER BY o.name LIMIT 1`, [scp.id]);
  assert.ok(outsider, 'an organisation that is not a member in 2022-23');
  const page = await agent.get('/p/scp/admin/membership?year=2022');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Members in 2022-23/);
  assert.match(page.body, /Changes since 2021-22/);
  assert.match(page.body, new RegExp(`name="org-${outsider.id}" type="radio" value="none" checked`));

  // Post the whole table as the browser would: every row unchanged except one.
  const fields: Record<string, string> = {};
  for (const m of page.body.matchAll(/name="was-(\d+)" value="(\w+)"/g)) { fields[`was-${m[1]}`] = m[2]; fields[`org-${m[1]}`] = m[2]; }
  assert.ok(Object.keys(fields).length > 20);
  fields[`org-${outsider.id}`] = 'non_statutory';
  const auditBefore = await count(`SELECT 1 FROM audit_log WHERE record_type = 'organisation'`);
  const res = await agent.post('/p/scp/admin/membership/2022-23', fields, '/p/scp/admin/membership?year=2022');
  assert.equal(res.statusCode, 303);
  const after = await agent.get(String(res.headers.location));
  assert.match(after.body, /Membership saved: 1 organisation changed/);
  assert.match(after.body, new RegExp(`name="org-${outsider.id}" type="radio" value="non_statutory" checked`));
  assert.match(after.body.split('id="joined"')[1].split('</dd>')[0], new RegExp(outsider.name));
  assert.equal(await count(`SELECT 1 FROM audit_log WHERE record_type = 'organisation'`), auditBefore + 1);
  const [audit] = await t.db.query<{ summary: string; after: Record<string, string> }>(
    `SELECT summary, after FROM audit_log WHERE record_type = 'organisation' AND record_id = $1 ORDER BY id DESC LIMIT 1`, [outsider.id]);
  assert.equal(audit.summary, 'Member in 2022-23 (non-statutory)');
  assert.deepEqual(audit.after, { 'membership 2022-23': 'Non-statutory' });

  const publicPage = await agent.get('/p/scp/partnership?year=2022');
  const others = publicPage.body.split('Other partners')[1].split('</ul>')[0];
  assert.match(others, new RegExp(outsider.name));

  // Saving again without changes writes nothing.
  const again = await agent.post('/p/scp/admin/membership/2022-23', { [`org-${outsider.id}`]: 'non_statutory', [`was-${outsider.id}`]: 'non_statutory' }, '/p/scp/admin/membership?year=2022');
  assert.match(String(again.headers.location), /changes=0/);

  // Setting it back to 'not a member' deletes the membership.
  const removed = await agent.post('/p/scp/admin/membership/2022-23', { [`org-${outsider.id}`]: 'none', [`was-${outsider.id}`]: 'non_statutory' }, '/p/scp/admin/membership?year=2022');
  assert.match(String(removed.headers.location), /changes=1/);
  assert.equal(await count('SELECT 1 FROM memberships WHERE organisation_id = $1 AND plan_year = 2022', [outsider.id]), 0);
});

test('membership page lists who joined and left compared with the year before', async () => {
  const agent = await signedIn('coordinator@demo.csp-hub.test');
  const scp = await t.services.partnerships.bySlug('scp');
  const [y21, y22] = await Promise.all([t.services.partnerships.members(scp.id, 2021), t.services.partnerships.members(scp.id, 2022)]);
  const ids = (m: typeof y21) => new Set([...m.statutory, ...m.nonStatutory].map((o) => o.id));
  const left = [...y21.statutory, ...y21.nonStatutory].filter((o) => !ids(y22).has(o.id));
  const page = await agent.get('/p/scp/admin/membership?year=2022');
  const leftCell = decode(page.body.split('id="left"')[1].split('</dd>')[0]);
  assert.ok(left.length > 0, 'the demo has organisations that left after 2021-22');
  for (const o of left) assert.ok(leftCell.includes(o.name), `${o.name} shown as left`);
});

test('a viewer gets 403 on every admin POST and nothing changes', async () => {
  const viewer = await signedIn('viewer@demo.csp-hub.test');
  const org = await orgByName('Essex Police');
  const [body] = await t.db.query<{ id: number }>('SELECT id FROM bodies ORDER BY id LIMIT 1');
  const [member] = await t.db.query<{ id: number }>('SELECT id FROM body_members WHERE body_id = $1 LIMIT 1', [body.id]);
  const [police] = await t.db.query<{ id: number }>(`SELECT id FROM users WHERE email = 'police@demo.csp-hub.test'`);
  const snapshot = async () => t.db.query(`SELECT
      (SELECT count(*)::int FROM organisations) AS orgs, (SELECT count(*)::int FROM memberships) AS memberships,
      (SELECT count(*)::int FROM bodies) AS bodies, (SELECT count(*)::int FROM body_members) AS members,
      (SELECT count(*)::int FROM users) AS users, (SELECT string_agg(user_id || role, ',' ORDER BY user_id) FROM user_roles) AS roles,
      (SELECT count(*)::int FROM audit_log) AS audit, (SELECT name FROM organisations WHERE id = ${org.id}) AS name`);
  const before = await snapshot();
  const posts: [string, Record<string, string>][] = [
    ['/p/scp/admin/organisations', { name: 'Viewer Org', acronym: '', kind: 'other' }],
    [`/p/scp/admin/organisations/${org.id}`, { name: 'Hacked Police', acronym: '', kind: 'police', version: String(org.version) }],
    ['/p/scp/admin/membership/2022-23', { [`org-${org.id}`]: 'none', [`was-${org.id}`]: 'statutory' }],
    ['/p/scp/admin/bodies', { name: 'Viewer board', kind: 'other' }],
    [`/p/scp/admin/bodies/${body.id}/members`, { personName: 'Someone', organisationId: '', role: 'member' }],
    [`/p/scp/admin/bodies/${body.id}/members/${member.id}/remove`, {}],
    ['/p/scp/admin/users', { email: 'new@example.org', name: 'New', role: 'admin', organisationId: '', password: 'a-long-password-1' }],
    [`/p/scp/admin/users/${police.id}`, { role: 'admin', organisationId: '' }],
    [`/p/scp/admin/users/${police.id}/remove`, {}],
  ];
  for (const [url, fields] of posts) {
    const res = await viewer.post(url, fields, '/p/scp');
    assert.equal(res.statusCode, 403, `viewer refused ${url}`);
    assert.match(res.body, /Only a coordinator or administrator of this partnership can manage it/);
  }
  assert.deepEqual(await snapshot(), before);
});

test('bodies: add a body and a member with a term; end before start is refused; removal needs confirmation', async () => {
  const agent = await signedIn('coordinator@demo.csp-hub.test');
  const add = await agent.post('/p/scp/admin/bodies', { name: 'Town Centre Task Group', kind: 'task_group' }, '/p/scp/admin/bodies/new');
  assert.equal(add.statusCode, 303);
  const bodyUrl = String(add.headers.location).split('?')[0];
  const bodyId = Number(/bodies\/(\d+)/.exec(bodyUrl)?.[1]);
  const police = await orgByName('Essex Police');

  const bad = await agent.post(`${bodyUrl}/members`, {
    personName: 'Inspector Sam Reid', organisationId: String(police.id), role: 'chair',
    'termStart-day': '1', 'termStart-month': '4', 'termStart-year': '2024', 'termEnd-day': '31', 'termEnd-month': '3', 'termEnd-year': '2023',
  }, `${bodyUrl}/members/new`);
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /<a href="#termEnd-day">Term end must be the same as or after term start<\/a>/);
  assert.match(bad.body, /value="Inspector Sam Reid"/);
  assert.match(bad.body, /value="2023"/);
  assert.equal(await count('SELECT 1 FROM body_members WHERE body_id = $1', [bodyId]), 0);

  const ok = await agent.post(`${bodyUrl}/members`, {
    personName: 'Inspector Sam Reid', organisationId: String(police.id), role: 'chair',
    'termStart-day': '1', 'termStart-month': '4', 'termStart-year': '2024', 'termEnd-day': '31', 'termEnd-month': '3', 'termEnd-year': '2026',
  }, `${bodyUrl}/members/new`);
  assert.equal(ok.statusCode, 303);
  const page = await agent.get(bodyUrl);
  assert.match(page.body, /Inspector Sam Reid/);
  assert.match(page.body, /1 April 2024 to 31 March 2026/);
  const [member] = await t.db.query<{ id: number }>('SELECT id FROM body_members WHERE body_id = $1', [bodyId]);

  const confirm = await agent.get(`${bodyUrl}/members/${member.id}/remove`);
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /Remove Inspector Sam Reid from Town Centre Task Group\?/);
  assert.equal(await count('SELECT 1 FROM body_members WHERE id = $1', [member.id]), 1);
  const removed = await agent.post(`${bodyUrl}/members/${member.id}/remove`, {}, `${bodyUrl}/members/${member.id}/remove`);
  assert.equal(removed.statusCode, 303);
  assert.equal(await count('SELECT 1 FROM body_members WHERE id = $1', [member.id]), 0);

  const history = await agent.get(`${bodyUrl}/history`);
  assert.match(history.body, /Inspector Sam Reid joined Town Centre Task Group as chair/);
  assert.match(history.body, /Inspector Sam Reid removed from Town Centre Task Group/);
});

test('users: a partner editor added with an organisation can sign in with the typed password', async () => {
  const admin = await signedIn('admin@demo.csp-hub.test');
  const fire = await orgByName('Essex County Fire and Rescue Service');
  const noOrg = await admin.post('/p/scp/admin/users', { email: 'Fiona.Fire@example.org', name: 'Fiona Fire', role: 'partner_editor', organisationId: '', password: 'short' }, '/p/scp/admin/users/new');
  assert.equal(noOrg.statusCode, 400);
  assert.match(noOrg.body, /Select the organisation a partner editor works for/);
  assert.match(noOrg.body, /Enter a temporary password of at least 12 characters/);
  assert.match(noOrg.body, /value="Fiona.Fire@example.org"/);
  assert.doesNotMatch(noOrg.body, /value="short"/);
  assert.equal(await count(`SELECT 1 FROM users WHERE email = 'fiona.fire@example.org'`), 0);

  const res = await admin.post('/p/scp/admin/users', {
    email: 'Fiona.Fire@example.org', name: 'Fiona Fire', role: 'partner_editor', organisationId: String(fire.id), password: 'blue-engine-2024',
  }, '/p/scp/admin/users/new');
  assert.equal(res.statusCode, 303);
  const list = await admin.get('/p/scp/admin/users');
  assert.match(list.body, /fiona\.fire@example\.org/);
  assert.match(list.body, /Partner editor/);

  const fiona = await new Agent(t.app).signIn('fiona.fire@example.org', 'blue-engine-2024');
  const [u] = await t.db.query<{ id: number; password_hash: string }>(`SELECT id, password_hash FROM users WHERE email = 'fiona.fire@example.org'`);
  assert.ok(!u.password_hash.includes('blue-engine-2024'));
  const [audit] = await t.db.query<{ after: unknown; before: unknown }>(`SELECT before, after FROM audit_log WHERE record_type = 'user' AND record_id = $1`, [u.id]);
  assert.ok(!JSON.stringify(audit).includes('blue-engine'), 'the password is never in the audit log');
  assert.equal((await fiona.get('/p/scp/admin/users')).statusCode, 403);

  // Change the role, then remove it (with a confirmation page).
  const change = await admin.post(`/p/scp/admin/users/${u.id}`, { role: 'analyst', organisationId: String(fire.id) }, `/p/scp/admin/users/${u.id}/edit`);
  assert.equal(change.statusCode, 303);
  const [role] = await t.db.query<{ role: string }>('SELECT role FROM user_roles WHERE user_id = $1', [u.id]);
  assert.equal(role.role, 'analyst');
  const confirm = await admin.get(`/p/scp/admin/users/${u.id}/remove`);
  assert.match(confirm.body, /Remove Fiona Fire’s role in SCP\?/);
  const removed = await admin.post(`/p/scp/admin/users/${u.id}/remove`, {}, `/p/scp/admin/users/${u.id}/remove`);
  assert.equal(removed.statusCode, 303);
  assert.equal(await count('SELECT 1 FROM user_roles WHERE user_id = $1', [u.id]), 0);
  const history = await admin.get(`/p/scp/admin/users/${u.id}/history`);
  assert.match(history.body, /Account created for fiona\.fire@example\.org as partner editor/);
  assert.match(history.body, /Role changed/);
  assert.match(history.body, /Role analyst removed/);

  // Given a role again: the existing account keeps its password.
  const again = await admin.post('/p/scp/admin/users', { email: 'fiona.fire@example.org', name: '', role: 'viewer', organisationId: '', password: '' }, '/p/scp/admin/users/new');
  assert.equal(again.statusCode, 303);
  assert.match(String(again.headers.location), /role-granted/);
  await new Agent(t.app).signIn('fiona.fire@example.org', 'blue-engine-2024');
});

test('the service refuses non-managers and keeps administrators in charge of the admin role', async () => {
  const admin = t.services.partnershipAdmin;
  const scp = await t.services.partnerships.bySlug('scp');
  const [coordinator] = await t.db.query<{ id: number }>(`SELECT id FROM users WHERE email = 'coordinator@demo.csp-hub.test'`);
  const [adminUser] = await t.db.query<{ id: number }>(`SELECT id FROM users WHERE email = 'admin@demo.csp-hub.test'`);
  const viewer: Actor = { userId: null, role: 'viewer', organisationId: null };
  const coord: Actor = { userId: coordinator.id, role: 'coordinator', organisationId: null };
  await assert.rejects(admin.organisations(scp, viewer), ForbiddenError);
  await assert.rejects(admin.addOrganisation(scp, { name: 'X', acronym: '', kind: 'other', version: '' }, viewer), ForbiddenError);
  await assert.rejects(admin.addUser(scp, { email: 'boss@example.org', name: 'Boss', role: 'admin', organisationId: '', password: 'a-long-password-1' }, coord), ForbiddenError);
  await assert.rejects(admin.removeRole(scp, adminUser.id, coord), ForbiddenError);
  await assert.rejects(admin.changeRole(scp, coordinator.id, { role: 'viewer', organisationId: '' }, coord),
    (err: unknown) => err instanceof ValidationError && err.errors[0].message.includes('your own role'));
  await assert.rejects(admin.addOrganisation(scp, { name: 'Y', acronym: '', kind: 'spaceship', version: '' }, coord),
    (err: unknown) => err instanceof ValidationError && err.errors[0].field === 'kind');
});
