import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDate, formatDateTime, formatMonth, formatPeriod, isIsoDate } from './dates.ts';

test('calendar dates as people write them, whatever the server’s time zone', () => {
  assert.equal(formatDate('2022-04-01'), '1 April 2022');
  assert.equal(formatDate('2023-12-31'), '31 December 2023');
  assert.equal(formatDate(null), '');
  assert.equal(formatDate('not a date'), 'not a date');
});

test('moments in UK time: summer time moves the day and the hour', () => {
  // 23:30 UTC on 31 March 2022 is 00:30 on 1 April in British Summer Time.
  assert.equal(formatDate('2022-03-31T23:30:00.000Z'), '1 April 2022');
  assert.equal(formatDateTime('2022-03-31T23:30:00.000Z'), '1 April 2022 at 12:30am');
  assert.equal(formatDateTime(new Date('2022-12-05T14:05:00Z')), '5 December 2022 at 2:05pm');
  assert.equal(formatDateTime('2022-12-05T12:00:00Z'), '5 December 2022 at midday');
  assert.equal(formatDateTime('2022-12-05T00:00:00Z'), '5 December 2022 at midnight');
  assert.equal(formatDateTime('2022-04-01'), '1 April 2022', 'a calendar date has no time');
});

test('months, quarters and periods', () => {
  assert.equal(formatMonth('2022-04'), 'April 2022');
  assert.equal(formatMonth('2022-Q3'), 'July to September 2022');
  assert.equal(formatMonth('2022-13'), '2022-13');
  assert.equal(formatPeriod('2022-04', '2023-03'), 'April 2022 to March 2023');
  assert.equal(formatPeriod('2022-04', '2022-04'), 'April 2022');
});

test('stored dates are recognised, other text is not', () => {
  assert.ok(isIsoDate('2022-04-01'));
  assert.ok(isIsoDate('2022-04-01T10:05:00.000Z'));
  assert.ok(!isIsoDate('2022-23'));
  assert.ok(!isIsoDate('Approved on 2022-04-01'));
});
