import { initAll } from '/assets/govuk/govuk-frontend.min.js';
import { initAll as initMojAll } from '/assets/moj/all.bundle.mjs';

// Pages work without JavaScript; these add the enhancements (sortable tables, details, radios).
initAll();
initMojAll();
