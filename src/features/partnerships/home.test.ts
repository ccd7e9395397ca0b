import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';
import { ANONYMOUS } from '../../platform/auth/actor.ts';
import { allInitiatives, statusCounts } from '../plans/compare.ts';

let t: Awaited<ReturnType<typeof testApp>>;
before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

test('the partnership home shows this plan by status and the assessment headline', async () => {
  const scp = await t.services.partnerships.bySlug('scp');
  const plan = await t.services.plans.get(scp, 2022, ANONYMOUS);
  const counts = statusCounts(allInitiatives(plan));
  const assessment = await t.services.assessment.assess(scp, {});
  const res = await t.app.inject({ url: '/p/scp' });
  assert.equal(res.statusCode, 200);
  const text = res.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  assert.match(text, new RegExp(`${counts.total} initiatives: ${counts.active} active, ${counts.planned} planned, ${counts.completed} completed`));
  assert.match(text, new RegExp(`Crime in Colchester, ${assessment.labels.period}`));
  assert.match(text, new RegExp(`${assessment.totalCrimes.toLocaleString('en-GB')} crimes recorded`));
  assert.match(text, new RegExp(`${assessment.ratePer1000!.toFixed(1)} crimes per 1,000 residents`));
  assert.match(text, new RegExp(`${assessment.rank!.rank} of 14 districts of the force`));
});

test('the import pages are linked for analysts; the public gets no link to pages it cannot open', async () => {
  const anon = await new Agent(t.app).get('/p/scp');
  assert.doesNotMatch(anon.body, /href="\/p\/scp\/assessment"/, 'no assessment link that would bounce the public to sign-in');
  assert.doesNotMatch(anon.body, /Import data/);

  const analyst = await new Agent(t.app).signIn('analyst@demo.csp-hub.test', DEMO_PASSWORD);
  const home = await analyst.get('/p/scp');
  assert.match(home.body, /<a class="govuk-link" href="\/p\/scp\/assessment\/imports\/new">Import data<\/a>/);
  assert.match(home.body, /href="\/p\/scp\/assessment">The full assessment</);
  const assessment = await analyst.get('/p/scp/assessment');
  assert.match(assessment.body, /href="\/p\/scp\/assessment\/imports\/new">Import data<\/a>/);
  assert.equal((await analyst.get('/p/scp/assessment/imports/new')).statusCode, 200, 'the link leads to the upload form');

  const viewer = await new Agent(t.app).signIn('viewer@demo.csp-hub.test', DEMO_PASSWORD);
  assert.doesNotMatch((await viewer.get('/p/scp')).body, /Import data/, 'only those who may import are offered it');
});
