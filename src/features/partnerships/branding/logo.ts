// The partnership's logo, as its administrators manage it: upload (a PNG or JPEG up to 1 MB, known
// by its bytes), replace, remove. A refused file changes nothing: the logo already kept stays.
import { createHash } from 'node:crypto';
import type { Db } from '../../../platform/db/types.ts';
import { recordChange } from '../../../platform/audit.ts';
import { TooLargeError, ValidationError } from '../../../platform/errors.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Partnership } from '../queries.ts';
import { assertCanManage } from '../admin/permissions.ts';
import { readLogoFile } from './logo-file.ts';
import * as q from './queries.ts';

export const LOGO_MAX_BYTES = 1024 * 1024;
/** Larger than any page prints it; a bigger image only makes every document heavier. */
export const LOGO_MAX_PIXELS = 4000;
export const LOGO_ALT_MAX = 150;

/** An uploaded file as the route read it: `truncated` when it went past the size limit. */
export interface LogoUpload { content: Buffer; truncated: boolean }

/** The alternative text a logo gets when none is typed: what it shows. */
export const defaultAlt = (p: Pick<Partnership, 'name'>) => `${p.name} logo`;

export function logoAdmin(db: Db) {
  return {
    async logoDetails(p: Partnership, actor: Actor) {
      assertCanManage(actor);
      return q.logoInfo(db, p.id);
    },

    /** Checks the file, then keeps it in place of any earlier logo. */
    async uploadLogo(p: Partnership, file: LogoUpload | undefined, altText: string, actor: Actor): Promise<void> {
      assertCanManage(actor);
      const alt = altText.trim().replace(/\s+/g, ' ') || defaultAlt(p);
      if (!file || file.content.length === 0) throw new ValidationError([{ field: 'logo', message: 'Select a PNG or JPEG file of the logo' }]);
      if (file.truncated || file.content.length >= LOGO_MAX_BYTES) throw new TooLargeError('The logo must be smaller than 1 MB');
      const info = readLogoFile(file.content);
      const problems: { field: string; message: string }[] = [];
      if (!info) problems.push({ field: 'logo', message: 'The logo must be a PNG or JPEG file' });
      else if (info.width > LOGO_MAX_PIXELS || info.height > LOGO_MAX_PIXELS) {
        problems.push({ field: 'logo', message: `The logo must be at most ${LOGO_MAX_PIXELS} pixels wide and ${LOGO_MAX_PIXELS} pixels high (this one is ${info.width} by ${info.height})` });
      }
      if (alt.length > LOGO_ALT_MAX) problems.push({ field: 'alt', message: `The description must be ${LOGO_ALT_MAX} characters or fewer` });
      if (problems.length || !info) throw new ValidationError(problems);
      const sha256 = createHash('sha256').update(file.content).digest('hex');
      await db.transaction(async (tx) => {
        const before = await q.logoInfo(tx, p.id);
        await q.saveLogo(tx, p.id, { content: file.content, ...info, alt, sha256 }, actor.userId);
        const after = { type: info.type, width: info.width, height: info.height, alt, sizeBytes: file.content.length, sha256 };
        await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'partnership', recordId: p.id, action: 'update',
          summary: before ? 'Logo replaced' : 'Logo added', before: before ? { logo: before } : undefined, after: { logo: after } });
      });
    },

    async removeLogo(p: Partnership, actor: Actor): Promise<void> {
      assertCanManage(actor);
      await db.transaction(async (tx) => {
        const before = await q.logoInfo(tx, p.id);
        if (!before || !await q.deleteLogo(tx, p.id)) return;
        await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'partnership', recordId: p.id, action: 'update',
          summary: 'Logo removed', before: { logo: before } });
      });
    },
  };
}
