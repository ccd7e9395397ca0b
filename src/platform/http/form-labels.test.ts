import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formLabels } from './form-labels.ts';

test('a form’s labels by field name: label for the id, a group’s legend, hidden fields marked', () => {
  const html = `<form method="post">
    <input type="hidden" name="_csrf" value="t"><input type="hidden" name="version" value="3">
    <label class="govuk-label" for="email">Email   address</label><input id="email" name="email">
    <label for="about">About <span class="govuk-visually-hidden">the initiative</span></label><textarea id="about" name="description"></textarea>
    <fieldset><legend>Status</legend>
      <input type="radio" id="status" name="status" value="a"><label for="status">Active</label>
      <input type="radio" id="status-2" name="status" value="b"><label for="status-2">Delayed</label></fieldset>
    <fieldset><legend>Leads</legend>
      <label for="leads">Lead 1</label><select id="leads" name="leads"></select>
      <label for="leads-2">Lead 2</label><select id="leads-2" name="leads"></select></fieldset>
    <label for="only">Only lead</label><select id="only" name="single"></select>
    <input type="hidden" name="wards" value="x"><input type="checkbox" id="wards" name="wards"><label for="wards">Castle</label>
    <input name="unlabelled">
  </form>`;
  assert.deepEqual(Object.fromEntries(formLabels(html)), {
    _csrf: null, version: null,
    email: 'Email address', description: 'About the initiative', status: 'Status', leads: 'Leads', single: 'Only lead', wards: 'Castle',
  });
});

test('a page without a form has no labels', () => {
  assert.equal(formLabels('<p>Not found</p>').size, 0);
});
