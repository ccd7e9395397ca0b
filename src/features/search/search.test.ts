// Search on the demo partnership: who finds what (drafts, an update not for publication and a Part B
// minute only for those allowed to read them), English stemming and prefixes, ranking of titles over
// text, escaped highlights, the filters, a fresh index after a change, and bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, draftNextYear, testApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Partnership } from '../partnerships/service.ts';
import { allInitiatives } from '../plans/compare.ts';
import { formValuesFromBody } from '../plans/initiative-form.ts';
import { emptyUpdateForm } from '../delivery/update-form.ts';

// Made-up words, found nowhere else in the demo, so each search names exactly one planted record.
const DRAFT_WORD = 'quillbrightened';
const PRIVATE_UPDATE_WORD = 'marrowvale';
const PART_B_WORD = 'thistlewick';
const COMMITTEE_PART_B_WORD = 'brambleton';

let t: Awaited<ReturnType<typeof testApp>>;
let scp: Partnership;
const PASSWORD = 'search-test-password-1';
const EMAILS = { coordinator: 'coordinator@search.test', viewer: 'viewer@search.test', otherViewer: 'other@search.test', committee: 'committee@search.test', editor: 'editor@search.test' };
let coordinator: Actor;
const ids = { draftInitiative: 0, privateUpdate: 0, partBMinuteNumber: 0, boardMeeting: 0, knifeMeeting: 0, titleMeasure: 0, bodyMeasure: 0 };

const meetingForm = (date: string) => ({ 'meetsOn-day': date.slice(8), 'meetsOn-month': date.slice(5, 7), 'meetsOn-year': date.slice(0, 4),
  startsAt: '18:00', venue: 'Town Hall', remoteLink: '', status: 'held', version: '' });
const minuteForm = (agendaItemId: number | null, text: string) => ({ agendaItemId: agendaItemId ? String(agendaItemId) : '', title: 'A minute', text, resolutions: '', firstNumber: '', version: '' });
const measureForm = (name: string, description: string) => ({ name, unit: 'referrals', description, source: '', frequency: 'quarterly', direction: 'neither',
  baseline: '', baselinePeriod: '', target: '', targetPeriod: '', priorities: [], initiatives: [], version: '' });

before(async () => {
  t = await testApp();
  const s = t.services;
  scp = await s.partnerships.bySlug('scp');
  const userIds: Record<string, number> = {};
  for (const [key, email] of Object.entries(EMAILS)) userIds[key] = await s.users.create({ email, name: `Search ${key}`, password: PASSWORD });
  await s.users.grantRole(userIds.coordinator!, scp.id, 'coordinator');
  await s.users.grantRole(userIds.viewer!, scp.id, 'viewer');
  await s.users.grantRole(userIds.committee!, scp.id, 'committee_member');
  const orgs = await s.partnerships.organisations(scp.id);
  await s.users.grantRole(userIds.editor!, scp.id, 'partner_editor', orgs[0]!.id);
  const otherId = await s.partnerships.create({ slug: 'search-other', name: 'Other Search Partnership', shortName: 'OSP', policeForce: 'essex',
    planYearStartMonth: 4, assessmentYearStartMonth: 10, areas: [{ code: 'E07000076', name: 'Tendring' }] }, null);
  await s.users.grantRole(userIds.otherViewer!, otherId, 'viewer');
  coordinator = { userId: userIds.coordinator!, role: 'coordinator', organisationId: null };

  // A draft plan's initiative.
  await draftNextYear(s);
  const draft = await s.plans.get(scp, 2023, coordinator);
  ids.draftInitiative = await s.plans.createInitiative(scp, 2023, formValuesFromBody({
    name: 'Bus station patrols', priority: String(draft.priorities[0]!.id), timing: 'ongoing', status: 'planned',
    about: `Patrols ${DRAFT_WORD} by the neighbourhood team.`,
  }), coordinator);

  // An update not for publication on a published plan's initiative.
  const published = allInitiatives(await s.plans.get(scp, 2022, coordinator));
  ids.privateUpdate = await s.delivery.post(scp, published[0]!.id, {
    ...emptyUpdateForm('2022-10-01'), status: 'on_track', narrative: `Staffing at ${PRIVATE_UPDATE_WORD} is confidential.`, forPublication: 'no',
  }, coordinator);

  // Part B minutes: of the delivery board (coordinators only) and of the scrutiny committee (its members too).
  const bodies = await s.partnerships.bodies(scp.id);
  for (const [kind, word] of [['delivery_board', PART_B_WORD], ['scrutiny_committee', COMMITTEE_PART_B_WORD]] as const) {
    const body = bodies.find((b) => b.kind === kind)!;
    const meeting = await s.meetings.createMeeting(scp, body.id, meetingForm('2022-11-15'), coordinator);
    const exempt = await s.meetings.addAgendaItem(scp, meeting, { title: 'Exempt business', description: '', part: 'B', exemptionParagraph: '3' }, coordinator);
    const minute = await s.meetings.addMinute(scp, meeting, minuteForm(exempt, `The ${word} premises were discussed.`), coordinator);
    await s.meetings.publishMinutes(scp, meeting, coordinator);
    if (kind === 'delivery_board') { ids.boardMeeting = meeting; ids.partBMinuteNumber = minute.minuteNumber; }
  }

  // Public records for stemming, prefixes, ranking and escaping: an agenda (public when saved) and measures.
  const board = bodies.find((b) => b.kind === 'delivery_board')!;
  ids.knifeMeeting = await s.meetings.createMeeting(scp, board.id, meetingForm('2022-12-06'), coordinator);
  await s.meetings.addAgendaItem(scp, ids.knifeMeeting, { title: 'Knife crime in Westfield schools', description: 'Amnesty bins at the colleges.', part: 'A', exemptionParagraph: '' }, coordinator);
  ids.bodyMeasure = await s.measures.create(scp, measureForm('Youth referrals', 'Referrals to the glimmerfen project and others like it.'), coordinator);
  ids.titleMeasure = await s.measures.create(scp, measureForm('Glimmerfen attendance', 'People attending sessions.'), coordinator);
  await s.measures.create(scp, measureForm('<script>alert("owned")</script> Zanderpoint & <b>co</b>', 'Counted "as is" <i>weekly</i> at zanderpoint.'), coordinator);
});
after(async () => { await t?.close(); });

const agent = (email?: string) => (email ? new Agent(t.app).startSession(t.services, email) : Promise.resolve(new Agent(t.app)));

/** The API's answer to a search of scp, as this person. */
async function apiSearch(email: string | undefined, query: string) {
  const res = await (await agent(email)).get(`/api/v1/partnerships/scp/search?${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { total: number; kinds: { kind: string; count: number }[]; results: { kind: string; title: string; snippet: string; year: string | null; url: string }[] };
}

/** The results page's list of results (its HTML), as this person. */
async function pageResults(email: string | undefined, query: string) {
  const res = await (await agent(email)).get(`/search?${query}`);
  assert.equal(res.statusCode, 200, res.body);
  const list = /<ol class="govuk-list app-search-results"[^>]*>([\s\S]*?)<\/ol>/.exec(res.body);
  return { html: res.body, results: list?.[1] ?? '' };
}

test('the planted draft, update not for publication and Part B minute are found only by those allowed to read them', async () => {
  const cases = [
    { word: DRAFT_WORD, url: `/p/scp/initiatives/${ids.draftInitiative}`, readers: ['coordinator', 'viewer', 'editor'], not: [undefined, 'otherViewer', 'committee'] },
    { word: PRIVATE_UPDATE_WORD, url: `#update-${ids.privateUpdate}`, readers: ['coordinator', 'viewer', 'editor'], not: [undefined, 'otherViewer', 'committee'] },
    { word: PART_B_WORD, url: `/p/scp/meetings/${ids.boardMeeting}#minute-${ids.partBMinuteNumber}`, readers: ['coordinator'], not: [undefined, 'otherViewer', 'committee', 'viewer', 'editor'] },
    { word: COMMITTEE_PART_B_WORD, url: '#minute-', readers: ['coordinator', 'committee'], not: [undefined, 'otherViewer', 'viewer'] },
  ] as const;
  for (const c of cases) {
    for (const who of c.readers) {
      const found = await apiSearch(EMAILS[who], `q=${c.word}`);
      assert.equal(found.total, 1, `${who} finds ${c.word}`);
      assert.ok(found.results[0]!.url.includes(c.url), `${who}: ${found.results[0]!.url} links to ${c.url}`);
      const page = await pageResults(EMAILS[who], `q=${c.word}`);
      assert.ok(page.results.includes(c.word), `${who} sees ${c.word} on the results page`);
    }
    for (const who of c.not) {
      const email = who === undefined ? undefined : EMAILS[who];
      assert.equal((await apiSearch(email, `q=${c.word}`)).total, 0, `${who ?? 'the public'} does not find ${c.word} through the API`);
      for (const scope of ['', '&partnership=scp']) {
        const page = await pageResults(email, `q=${c.word}${scope}`);
        assert.equal(page.results.trim(), '', `${who ?? 'the public'} finds nothing for ${c.word}`);
        assert.match(page.html, /Nothing found/);
      }
    }
  }
});

test('English stemming: “knives” finds “knife”, “schools” finds “school”; the last word may be unfinished', async () => {
  for (const q of ['knives', 'knife', 'knives westfield school', 'Westfield schoo', 'amnesty colleg']) {
    const found = await apiSearch(undefined, `q=${encodeURIComponent(q)}&kind=meeting`);
    assert.ok(found.results.some((r) => r.url === `/p/scp/meetings/${ids.knifeMeeting}`), `“${q}” finds the knife crime agenda`);
  }
  assert.equal((await apiSearch(undefined, 'q=westfieldx')).total, 0, 'a word that is not there finds nothing');
  const prefix = await apiSearch(undefined, 'q=glimmer');
  assert.deepEqual(prefix.results.map((r) => r.url).sort(), [`/p/scp/measures/${ids.bodyMeasure}`, `/p/scp/measures/${ids.titleMeasure}`].sort());
});

test('a match in the title ranks above a match in the text, and the snippet shows the matched words', async () => {
  const found = await apiSearch(undefined, 'q=glimmerfen');
  assert.deepEqual(found.results.map((r) => r.url), [`/p/scp/measures/${ids.titleMeasure}`, `/p/scp/measures/${ids.bodyMeasure}`]);
  assert.match(found.results[1]!.snippet, /glimmerfen project/);
  const page = await pageResults(undefined, 'q=glimmerfen');
  assert.match(page.results, /<mark>Glimmerfen<\/mark> attendance/);
  assert.match(page.results, /the <mark>glimmerfen<\/mark> project/);
});

test('highlights are escaped: what a record says never becomes markup on the results page', async () => {
  const page = await pageResults(undefined, 'q=zanderpoint');
  assert.match(page.results, /<mark>Zanderpoint<\/mark>/);
  assert.match(page.results, /&amp;/, 'an ampersand in the title is escaped');
  assert.doesNotMatch(page.results, /<script|<b>|<i>|alert\(&quot;owned&quot;\)<\/script/, 'no tag from the record reaches the page');
  assert.doesNotMatch(page.html, /<script>alert/);
  assert.match(page.results, /&quot;as is&quot;/, 'quotes in the text are escaped');
});

test('filters: kind and year narrow the results, and the counts by kind stay within the year', async () => {
  const all = await apiSearch(undefined, 'q=knife');
  const kinds = new Map(all.kinds.map((k) => [k.kind, k.count]));
  assert.ok((kinds.get('meeting') ?? 0) >= 1 && all.total === [...kinds.values()].reduce((a, b) => a + b, 0), 'the counts by kind add up to the total');
  const meetings = await apiSearch(undefined, 'q=knife&kind=meeting');
  assert.equal(meetings.total, kinds.get('meeting'));
  assert.ok(meetings.results.every((r) => r.kind === 'meeting'));
  const inYear = await apiSearch(undefined, 'q=knife&year=2022-23');
  assert.ok(inYear.total >= 1 && inYear.results.every((r) => r.year === '2022-23'), 'only records of 2022-23');
  assert.ok(inYear.results.some((r) => r.url === `/p/scp/meetings/${ids.knifeMeeting}`));
  const earlier = await apiSearch(undefined, 'q=knife&year=2019-20');
  assert.ok(earlier.results.every((r) => r.year === '2019-20') && !earlier.results.some((r) => r.url === `/p/scp/meetings/${ids.knifeMeeting}`));
  // The page: counts by kind link to their results; the partnership filter keeps to one partnership.
  const page = await pageResults(undefined, 'q=knife&partnership=scp');
  assert.match(page.html, new RegExp(`href="/search\\?q=knife&amp;partnership=scp&amp;kind=meeting">Meetings \\(${kinds.get('meeting')}\\)`));
  const other = await pageResults(undefined, 'q=knife&partnership=search-other');
  assert.equal(other.results.trim(), '', 'the other partnership has no records about knives');
});

test('a change is found by the next search: the partnership’s entries are rebuilt from its latest change', async () => {
  assert.equal((await apiSearch(undefined, 'q=quintarelle')).total, 0);
  const id = await t.services.measures.create(scp, measureForm('Quintarelle visits', ''), coordinator);
  const found = await apiSearch(undefined, 'q=quintarelle');
  assert.deepEqual(found.results.map((r) => r.url), [`/p/scp/measures/${id}`]);
  assert.equal(await t.services.search.refresh(scp, 'public'), false, 'nothing changed since: the entries are not rebuilt');
});

test('bad input gets a clear message, never a failure', async () => {
  const anon = await agent();
  const blank = await anon.get('/search?q=');
  assert.equal(blank.statusCode, 200);
  assert.match(blank.body, /Find plans, priorities/);
  const symbols = await anon.get('/search?q=%21%21%20%26%20%7C');
  assert.equal(symbols.statusCode, 200);
  assert.match(symbols.body, /Enter words to search for, using letters or numbers/);
  for (const [query, message] of [['q=knife&kind=bogus', /“kind” in the web address is not a kind of record/], ['q=knife&year=2022', /“year” in the web address is not a plan year: write it as 2022-23/],
    ['q=knife&partnership=nowhere', /There is no partnership with that name/], ['q=knife&page=0', /“page” in the web address is not a page number/]] as const) {
    const res = await anon.get(`/search?${query}`);
    assert.equal(res.statusCode, 400, query);
    assert.match(res.body, message, query);
  }
  const api = await anon.get('/api/v1/partnerships/scp/search?q=%26%26');
  assert.equal(api.statusCode, 400);
  assert.match(api.json<{ error: string }>().error, /has no words/);
  assert.equal((await anon.get('/api/v1/partnerships/nowhere/search?q=knife')).statusCode, 404);
  // Quotes, operators and very long input are words or nothing, never query syntax.
  const odd = await anon.get(`/search?q=${encodeURIComponent(`knife' & !( <-> :* ${'x'.repeat(150)}`)}`);
  assert.equal(odd.statusCode, 200);
});

test('the header has a search box that works without JavaScript (a GET form), keeping to the partnership on its pages', async () => {
  const anon = await agent();
  const home = await anon.get('/p/scp');
  assert.match(home.body, /<form method="get" action="\/search" class="app-header__search" role="search"/);
  assert.match(home.body, /<input type="hidden" name="partnership" value="scp">/);
  const api = await anon.get('/api/openapi.json');
  assert.ok(Object.hasOwn(api.json<{ paths: Record<string, unknown> }>().paths, '/api/v1/partnerships/{slug}/search'), 'the API document lists search');
});
