import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

// Outside tools some tests need. A test that cannot run here is skipped with the reason (node's
// runner prints it as "# SKIP …"), never passed silently.

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** False when Chromium is here; otherwise why the test is skipped. */
export const needsChromium: false | string = existsSync(chromiumPath)
  ? false : `needs Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`;

/** False when pdftotext is on the PATH; otherwise why the test is skipped. */
export const needsPdftotext: false | string = spawnSync('pdftotext', ['-v']).error
  ? 'needs pdftotext (apt-get install poppler-utils)' : false;
