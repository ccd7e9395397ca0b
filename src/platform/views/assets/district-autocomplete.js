// Districts chosen by name: each district select becomes a GDS accessible-autocomplete box (the
// library is loaded by the page before this module). Without JavaScript the selects work as they are.
// The select keeps the choice, so the form posts exactly what a plain select would.

for (const select of document.querySelectorAll('select[data-module="app-district-autocomplete"]')) {
  // The "Choose a district" prompt is for the plain select; the box shows an empty field instead.
  const prompt = select.querySelector('option[value=""]');
  if (prompt) prompt.textContent = '';
  window.accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    defaultValue: '',
    showAllValues: false,
    // No typed-ahead hint: its extra text box has no label, which screen readers would announce.
    autoselect: false,
    // Leaving the box keeps the highlighted district, as choosing it would.
    confirmOnBlur: true,
    tNoResults: () => 'No district found',
  });
  // Emptying the box removes the district (the library leaves the select as it was).
  select.parentElement.addEventListener('input', (e) => {
    if (e.target instanceof HTMLInputElement && e.target.value.trim() === '') select.value = '';
  });
}
