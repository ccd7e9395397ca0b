// The coordinator's pages of the help directory: list, add, edit and remove entries.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import type { Access } from '../../platform/http/access.ts';
import { recordAdminRoutes } from '../../platform/http/record-admin.ts';
import { CATEGORIES, HELP_KINDS, KIND_NAMES, categoryName } from './categories.ts';
import { helpValues, helpValuesOf } from './form.ts';
import { HELP_REFUSAL } from './service.ts';

const MANAGE: Access = { permission: 'manage_partnership', refusal: HELP_REFUSAL };

export async function helpAdminRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const help = services.help;
  await recordAdminRoutes(app, {
    path: 'admin/help', noun: 'directory entry', title: 'Where to get help: the directory', access: MANAGE, conflictField: 'name',
    views: { list: 'help/views/admin-list.njk', form: 'help/views/admin-form.njk' },
    valuesOf: helpValues, valuesOfRecord: helpValuesOf, nameOf: (e) => e.name,
    list: async (s) => ({ entries: await help.all(s.partnership, s.actor), kindNames: KIND_NAMES, categoryName }),
    one: (s, id) => help.entry(s.partnership, id, s.actor),
    add: (s, v) => help.add(s.partnership, v, s.actor),
    update: (s, id, v) => help.update(s.partnership, id, v, s.actor),
    remove: (s, id) => help.remove(s.partnership, id, s.actor),
    removalText: (e) => `${e.name} will no longer be listed on the partnership’s public pages. The change is kept in the partnership’s history.`,
    formContext: async (_s, v) => ({
      kinds: HELP_KINDS.map((k) => ({ value: k, text: KIND_NAMES[k], checked: v.kind === k })),
      categoryItems: CATEGORIES.map((c) => ({ value: c.key, text: c.name, checked: v.categories.includes(c.key) })),
    }),
  });
}
