import { initAll } from '/assets/govuk/govuk-frontend.min.js';
import { initAll as initMojAll } from '/assets/moj/all.bundle.mjs';
import { enhanceAll as enhanceAutocompletes } from '/assets/app/autocomplete.js';

// Pages work without JavaScript; these add the enhancements (sortable tables, details, radios,
// search-as-you-type for long lists).
initAll();
initMojAll();
enhanceAutocompletes();
