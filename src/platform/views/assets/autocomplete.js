// Search-as-you-type for a long <select> (progressive enhancement: without JavaScript the select
// itself works). The select stays in the form, hidden, and always holds the choice; a text box with
// the ARIA 1.2 combobox pattern filters its options as people type, and a status line tells screen
// reader users how many match. Emptying the box clears the choice; text that matches no option is
// put back to the current choice when the box is left, so what is shown is always what is saved.

let count = 0;

/** Options whose name starts with what was typed come first, then those containing it (an acronym too). */
function matches(options, query) {
  const q = query.trim().toLowerCase();
  if (!q) return options;
  const starts = options.filter((o) => o.text.toLowerCase().startsWith(q));
  const inside = options.filter((o) => !o.text.toLowerCase().startsWith(q) && o.text.toLowerCase().includes(q));
  return [...starts, ...inside];
}

export function enhanceSelect(select) {
  const n = ++count;
  const id = select.id;
  const label = document.querySelector(`label[for="${id}"]`);
  const options = [...select.options].filter((o) => o.value !== '').map((o) => ({ value: o.value, text: o.text.trim() }));
  const current = () => options.find((o) => o.value === select.value);

  const wrapper = document.createElement('div');
  wrapper.className = 'app-autocomplete';
  const input = document.createElement('input');
  input.type = 'text';
  input.id = id; // the label, and the error summary's link, now reach the text box
  input.className = `govuk-input app-autocomplete__input${select.classList.contains('govuk-select--error') ? ' govuk-input--error' : ''}`;
  input.autocomplete = 'off';
  input.spellcheck = false;
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  const listId = `app-autocomplete-${n}-list`;
  input.setAttribute('aria-controls', listId);
  const describedBy = select.getAttribute('aria-describedby');
  if (describedBy) input.setAttribute('aria-describedby', describedBy);
  input.value = current()?.text ?? '';

  const list = document.createElement('ul');
  list.id = listId;
  list.className = 'app-autocomplete__list';
  list.setAttribute('role', 'listbox');
  if (label) {
    label.id = label.id || `app-autocomplete-${n}-label`;
    list.setAttribute('aria-labelledby', label.id);
  }
  list.hidden = true;

  const status = document.createElement('div');
  status.className = 'govuk-visually-hidden';
  status.setAttribute('role', 'status');

  select.id = `${id}-select`;
  select.hidden = true;
  select.tabIndex = -1;
  select.setAttribute('aria-hidden', 'true');
  wrapper.append(input, list, status);
  select.after(wrapper);

  let shown = [];
  let active = -1;
  let statusTimer;

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function highlight(i) {
    active = i;
    [...list.children].forEach((li, k) => li.setAttribute('aria-selected', String(k === i)));
    if (i >= 0 && list.children[i]) {
      input.setAttribute('aria-activedescendant', list.children[i].id);
      list.children[i].scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  function open() {
    shown = matches(options, input.value === current()?.text ? '' : input.value);
    list.replaceChildren(...shown.map((o, i) => {
      const li = document.createElement('li');
      li.id = `app-autocomplete-${n}-option-${i}`;
      li.className = 'app-autocomplete__option';
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.textContent = o.text;
      li.addEventListener('mousedown', (e) => e.preventDefault()); // keep the focus in the box
      li.addEventListener('click', () => choose(o));
      return li;
    }));
    if (!shown.length) {
      const li = document.createElement('li');
      li.className = 'app-autocomplete__option app-autocomplete__option--none';
      li.setAttribute('role', 'option');
      li.setAttribute('aria-disabled', 'true');
      li.setAttribute('aria-selected', 'false');
      li.id = `app-autocomplete-${n}-none`;
      li.textContent = 'No results found';
      list.replaceChildren(li);
    }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
    clearTimeout(statusTimer);
    // Announced after typing pauses, not on every key.
    statusTimer = setTimeout(() => {
      status.textContent = shown.length ? `${shown.length} ${shown.length === 1 ? 'result' : 'results'} available` : 'No results found';
    }, 400);
  }

  function choose(o) {
    select.value = o ? o.value : '';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    input.value = o ? o.text : '';
    close();
  }

  input.addEventListener('input', () => {
    if (input.value.trim() === '') select.value = '';
    open();
  });
  input.addEventListener('focus', () => { if (input.value === '') open(); });
  input.addEventListener('click', () => { if (list.hidden) open(); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (list.hidden) open();
      if (shown.length) highlight(Math.min(active + 1, shown.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (shown.length) highlight(Math.max(active - 1, 0));
    } else if (e.key === 'Enter') {
      if (!list.hidden && active >= 0) {
        e.preventDefault(); // choose, rather than submit the form
        choose(shown[active]);
      }
    } else if (e.key === 'Escape') {
      if (!list.hidden) { e.preventDefault(); close(); }
    }
  });
  input.addEventListener('blur', () => {
    const typed = input.value.trim().toLowerCase();
    if (!typed) choose(null);
    else {
      const exact = options.find((o) => o.text.toLowerCase() === typed);
      if (exact) choose(exact);
      else { input.value = current()?.text ?? ''; close(); }
    }
  });
}

export function enhanceAll(root = document) {
  root.querySelectorAll('select[data-module="app-autocomplete"]').forEach(enhanceSelect);
}
