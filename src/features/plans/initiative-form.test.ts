import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formValuesFromBody, leadChoices, organisationSlots, parseDateParts, parseInitiativeForm, wardChoices } from './initiative-form.ts';

test('GOV.UK date parts become ISO dates, and impossible dates are named', () => {
  assert.deepEqual(parseDateParts('1', '4', '2022', 'Start date'), { value: '2022-04-01' });
  assert.deepEqual(parseDateParts('', '', '', 'Start date'), { value: null });
  assert.equal(parseDateParts('31', '2', '2022', 'Start date').problem, 'Start date must be a real date');
  assert.equal(parseDateParts('1', '', '2022', 'End date').problem, 'End date must include a day, month and year');
  assert.equal(parseDateParts('1', '13', '2022', 'Start date').problem, 'Start date must be a real date');
});

test('a valid form gives the fields to save', () => {
  const r = parseInitiativeForm(formValuesFromBody({
    name: '  Safer streets walk ', priority: '3', timing: 'dates', 'startDate-day': '1', 'startDate-month': '6', 'startDate-year': '2022',
    status: 'active', about: 'Walks', outcomes: '', leads: ['4', '', '5', '4', 'body-2'], supporters: '6', partnershipPriorities: ['1', '2'],
    crimeTypes: 'Drugs, Possession of weapons', wards: 'Castle', frameworkItems: [],
  }), { wards: ['Castle', 'Mile End'] });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.fields.name, 'Safer streets walk');
  assert.equal(r.fields.startsOn, '2022-06-01');
  assert.deepEqual(r.fields.leadIds, [4, 5], 'empty boxes left out, each organisation once');
  assert.deepEqual(r.fields.leadBodyIds, [2], 'a body of the partnership leads too');
  assert.equal(r.fields.description, 'Walks');
  assert.deepEqual(r.fields.wards, ['Castle']);
  assert.deepEqual(r.fields.supportIds, [6]);
  assert.deepEqual(r.fields.priorityRefs, [1, 2]);
  assert.deepEqual(r.fields.crimeTypes, ['Drugs', 'Possession of weapons']);
});

test('problems come back in form order with GOV.UK messages', () => {
  const r = parseInitiativeForm(formValuesFromBody({
    name: '', priority: '', timing: 'dates', 'startDate-day': '1', 'startDate-month': '6', 'startDate-year': '2022',
    'endDate-day': '1', 'endDate-month': '5', 'endDate-year': '2022', status: 'cancelled', reasonForStatus: '',
  }));
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(r.errors.map((e) => e.field), ['name', 'priority', 'endDate-day', 'reasonForStatus']);
  assert.equal(r.errors[0].message, "Enter the initiative's name");
  assert.equal(r.errors[3].message, 'Enter why the initiative is cancelled');
});

test('wards come from the list, spelt as the list spells them; anything else is refused by name', () => {
  const form = (wards: string[]) => formValuesFromBody({ name: 'Patrols', priority: '1', timing: 'ongoing', status: 'active', wards });
  const ok = parseInitiativeForm(form(['Mersea & Pyefleet', 'castle']), { wards: ['Castle', 'Mersea and Pyefleet'] });
  assert.ok(ok.ok);
  if (ok.ok) assert.deepEqual(ok.fields.wards, ['Mersea and Pyefleet', 'Castle']);
  const bad = parseInitiativeForm(form(['Casle']), { wards: ['Castle'] });
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.deepEqual(bad.errors, [{ field: 'wards', message: 'Choose wards from the list: Casle is not a ward of this partnership' }]);
});

test('the form offers organisations by name ignoring case, a box per choice plus empty ones, and the wards ticked however spelt', () => {
  const choices = leadChoices([
    { id: 1, name: 'essex Police', acronym: null }, { id: 2, name: 'Colchester Borough Council', acronym: 'CBC' },
    { id: 3, name: 'Centre for Action on Rape and Abuse in Essex (CARA)', acronym: 'CARA' }, { id: 4, name: 'Essex County Council', acronym: 'ECC' },
  ], [{ id: 7, name: 'Community Safety Delivery Board' }]);
  assert.deepEqual(choices.map((c) => c.text), ['Centre for Action on Rape and Abuse in Essex (CARA)', 'Colchester Borough Council (CBC)',
    'Community Safety Delivery Board', 'Essex County Council (ECC)', 'essex Police']);
  assert.equal(choices[2]!.value, 'body-7', 'bodies are told apart from organisations');
  assert.deepEqual(organisationSlots([]), ['', '', '']);
  assert.deepEqual(organisationSlots(['7']), ['7', '', '']);
  assert.deepEqual(organisationSlots(['7', '8', '9']), ['7', '8', '9', '']);
  assert.deepEqual(wardChoices(['Castle', 'Mersea and Pyefleet'], ['Mersea & Pyefleet', 'Old ward']), [
    { value: 'Castle', text: 'Castle', checked: false },
    { value: 'Mersea and Pyefleet', text: 'Mersea and Pyefleet', checked: true },
    { value: 'Old ward', text: 'Old ward (as recorded; not in the ward list)', checked: true },
  ]);
});
