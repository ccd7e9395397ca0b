import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formValuesFromBody, parseDateParts, parseInitiativeForm } from './initiative-form.ts';

test('GOV.UK date parts become ISO dates, and impossible dates are named', () => {
  assert.deepEqual(parseDateParts('1', '4', '2022', 'Start date'), { value: '2022-04-01' });
  assert.deepEqual(parseDateParts('', '', '', 'Start date'), { value: null });
  assert.equal(parseDateParts('31', '2', '2022', 'Start date').problem, 'Start date must be a real date');
  assert.equal(parseDateParts('1', '', '2022', 'End date').problem, 'End date must include a day, month and year');
  assert.equal(parseDateParts('1', '13', '2022', 'Start date').problem, 'Start date must be a real date');
});

test('a valid form gives the fields to save', () => {
  const r = parseInitiativeForm(formValuesFromBody({
    name: '  Safer streets walk ', priorityId: '3', timingKind: 'dates', 'startsOn-day': '1', 'startsOn-month': '6', 'startsOn-year': '2022',
    status: 'active', description: 'Walks', outcomes: '', leadIds: ['4', '5'], supportIds: '6', priorityRefs: ['1', '2'],
    crimeTypes: 'Drugs, Possession of weapons', wards: 'Castle', frameworkItemIds: [],
  }));
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.fields.name, 'Safer streets walk');
  assert.equal(r.fields.startsOn, '2022-06-01');
  assert.deepEqual(r.fields.leadIds, [4, 5]);
  assert.deepEqual(r.fields.supportIds, [6]);
  assert.deepEqual(r.fields.priorityRefs, [1, 2]);
  assert.deepEqual(r.fields.crimeTypes, ['Drugs', 'Possession of weapons']);
});

test('problems come back in form order with GOV.UK messages', () => {
  const r = parseInitiativeForm(formValuesFromBody({
    name: '', priorityId: '', timingKind: 'dates', 'startsOn-day': '1', 'startsOn-month': '6', 'startsOn-year': '2022',
    'endsOn-day': '1', 'endsOn-month': '5', 'endsOn-year': '2022', status: 'cancelled', statusReason: '',
  }));
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(r.errors.map((e) => e.field), ['name', 'priorityId', 'endsOn-day', 'statusReason']);
  assert.equal(r.errors[0].message, "Enter the initiative's name");
  assert.equal(r.errors[3].message, 'Enter why the initiative is cancelled');
});
