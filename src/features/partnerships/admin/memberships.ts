// Which organisations are members of the partnership in each plan year, statutory or not.
import type { Db } from '../../../platform/db/types.ts';
import { recordChange } from '../../../platform/audit.ts';
import { NotFoundError, ValidationError } from '../../../platform/errors.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Partnership } from '../queries.ts';
import { offeredYears, planYearOf, yearLabel } from '../years.ts';
import * as q from './queries.ts';
import { MEMBERSHIP_CHOICES, MEMBERSHIP_NAMES, str, type MembershipChoice } from './form-values.ts';
import { assertCanManage } from './permissions.ts';
import type { Problem } from './checks.ts';

function changeSummary(label: string, before: MembershipChoice, after: MembershipChoice): string {
  if (after === 'none') return `No longer a member in ${label}`;
  return before === 'none' ? `Member in ${label} (${MEMBERSHIP_NAMES[after].toLowerCase()})`
    : `Now a ${MEMBERSHIP_NAMES[after].toLowerCase()} member in ${label}`;
}

export interface MembershipDeps {
  /** The years the partnership has plans for (plans are their own feature's). */
  planYears(partnershipId: number): Promise<number[]>;
}

export function membershipAdmin(db: Db, deps: MembershipDeps) {
  return {
    /**
     * Years offered: every year from the earliest with members or a plan to the coming one (see
     * offeredYears), so membership can be set for any year that has or will have a plan.
     * `usual` is the year to show first: the latest with members, else this plan year.
     */
    async membershipYears(p: Partnership, actor: Actor, today = new Date()): Promise<{ years: number[]; usual: number }> {
      assertCanManage(actor);
      const [withMembers, withPlans] = await Promise.all([q.memberYears(db, p.id), deps.planYears(p.id)]);
      const current = planYearOf(today, p.planYearStartMonth);
      return { years: offeredYears([...withMembers, ...withPlans], current), usual: withMembers.length ? Math.max(...withMembers) : current };
    },

    async membership(p: Partnership, planYear: number, actor: Actor) {
      assertCanManage(actor);
      const [organisations, now, previous] = await Promise.all([
        q.listOrganisations(db, p.id),
        q.membershipsOf(db, p.id, planYear),
        q.membershipsOf(db, p.id, planYear - 1),
      ]);
      const rows = organisations.map((o) => ({
        id: o.id, name: o.name, acronym: o.acronym, kind: o.kind,
        status: now.get(o.id) ?? 'none' as MembershipChoice, previousStatus: previous.get(o.id) ?? 'none' as MembershipChoice,
      }));
      const ref = (r: (typeof rows)[number]) => ({ id: r.id, name: r.name, acronym: r.acronym });
      return {
        planYear, label: yearLabel(planYear), previousLabel: yearLabel(planYear - 1), hasPrevious: previous.size > 0, rows,
        joined: previous.size ? rows.filter((r) => r.status !== 'none' && r.previousStatus === 'none').map(ref) : [],
        left: rows.filter((r) => r.status === 'none' && r.previousStatus !== 'none').map(ref),
        changedKind: previous.size ? rows.filter((r) => r.status !== 'none' && r.previousStatus !== 'none' && r.status !== r.previousStatus).map(ref) : [],
      };
    },

    /**
     * Save the membership table. Only rows the user changed are written (posted `org-<id>` differs from
     * the `was-<id>` shown on the form), so an untouched row never overwrites someone else's change.
     * Returns how many organisations changed.
     */
    async saveMembership(p: Partnership, planYear: number, body: Record<string, unknown>, actor: Actor): Promise<number> {
      assertCanManage(actor);
      if (!Number.isInteger(planYear) || planYear < 1990 || planYear > 2100) throw new NotFoundError('Plan year');
      const label = yearLabel(planYear);
      const organisations = await q.organisationNames(db, p.id);
      const problems: Problem[] = [];
      const wanted: { id: number; name: string; choice: MembershipChoice }[] = [];
      for (const o of organisations) {
        const posted = str(body[`org-${o.id}`]);
        if (posted === '') continue;
        if (!(MEMBERSHIP_CHOICES as readonly string[]).includes(posted)) {
          problems.push({ field: `org-${o.id}`, message: `Select whether ${o.name} is a member in ${label}` });
          continue;
        }
        const was = str(body[`was-${o.id}`]);
        if (was && was === posted) continue;
        wanted.push({ id: o.id, name: o.name, choice: posted as MembershipChoice });
      }
      if (problems.length) throw new ValidationError(problems);
      return db.transaction(async (tx) => {
        const current = await q.membershipsOf(tx, p.id, planYear);
        let changed = 0;
        for (const w of wanted) {
          const before = current.get(w.id) ?? 'none';
          if (before === w.choice) continue;
          if (w.choice === 'none') await q.deleteMembership(tx, p.id, w.id, planYear);
          else await q.upsertMembership(tx, p.id, w.id, planYear, w.choice === 'statutory');
          const key = `membership ${label}`;
          await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'organisation', recordId: w.id, action: 'update',
            summary: changeSummary(label, before, w.choice), before: { [key]: MEMBERSHIP_NAMES[before] }, after: { [key]: MEMBERSHIP_NAMES[w.choice] } });
          changed++;
        }
        return changed;
      });
    },
  };
}
