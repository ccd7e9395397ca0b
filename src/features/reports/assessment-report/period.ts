// Which assessment year informs a plan year. The assessment covers a 12-month year starting in the
// partnership's assessment-year start month (October: the year to 30 September); the plan it informs
// is the first plan year that starts after that assessment year ends, as the scoring workspace
// reckons when it adopts priorities with no plans yet (scoring/rules.ts, nextPlanYear). With the
// usual months (assessment from October, plan from April) the 2023-24 plan is informed by
// October 2021 to September 2022: the year to 30 September before the plan year starts.

const pad = (m: number) => String(m).padStart(2, '0');

/** The first and last months ('YYYY-MM') of the assessment year that informs the plan year `startYear`. */
export function assessmentYearFor(startYear: number, months: { planYearStartMonth: number; assessmentYearStartMonth: number }): { from: string; to: string } {
  // The assessment year ends the month before it starts again.
  const endMonth = months.assessmentYearStartMonth === 1 ? 12 : months.assessmentYearStartMonth - 1;
  // An end month before the plan's start month lies in the plan's own calendar year; otherwise the year before.
  const endYear = endMonth < months.planYearStartMonth ? startYear : startYear - 1;
  const startYearOfAssessment = months.assessmentYearStartMonth === 1 ? endYear : endYear - 1;
  return { from: `${startYearOfAssessment}-${pad(months.assessmentYearStartMonth)}`, to: `${endYear}-${pad(endMonth)}` };
}
