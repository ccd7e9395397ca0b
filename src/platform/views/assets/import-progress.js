// Import progress page: follow the import through server-sent events and move the progress bar.
// Without JavaScript the page refreshes itself instead (a <noscript> meta refresh).
const root = document.querySelector('[data-import-events]');
if (root && 'EventSource' in window) {
  const bar = root.querySelector('progress');
  const status = root.querySelector('[data-import-status]');
  const n = (v) => Number(v).toLocaleString('en-GB');
  const source = new EventSource(root.getAttribute('data-import-events'));
  let finished = false;
  // The page itself shows the result (or the refusal with its file, line and problem).
  const reload = () => { finished = true; source.close(); window.location.reload(); };
  source.addEventListener('progress', (e) => {
    const p = JSON.parse(e.data);
    bar.max = Math.max(p.filesTotal, 1);
    bar.value = p.filesDone;
    bar.textContent = `${Math.floor((100 * p.filesDone) / Math.max(p.filesTotal, 1))}%`;
    if (p.phase === 'saving') status.textContent = `All ${p.filesTotal} files read (${n(p.rows)} rows): saving to the database.`;
    else if (p.filesTotal) status.textContent = `${p.filesDone} of ${p.filesTotal} files read, ${n(p.rows)} rows.`;
  });
  source.addEventListener('done', reload);
  source.addEventListener('failed', reload);
  // EventSource reconnects by itself; if the server has closed the stream for good, reload once.
  source.addEventListener('error', () => {
    if (!finished && source.readyState === EventSource.CLOSED) setTimeout(reload, 2000);
  });
}
