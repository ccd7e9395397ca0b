// Progress of a document version being made: poll the job's status and move the bar; reload the
// page when it ends, so the page itself shows the result. Without JavaScript a meta refresh does it.
const root = document.querySelector('[data-report-job]');
if (root) {
  const bar = root.querySelector('progress');
  const status = root.querySelector('[data-report-status]');
  const url = root.getAttribute('data-report-job');
  const poll = async () => {
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!res.ok) { window.location.reload(); return; }
      const job = await res.json();
      bar.value = job.percent;
      bar.textContent = `${job.percent}%`;
      status.textContent = `${job.step} (${job.percent}%)`;
      if (job.status !== 'running') { window.location.reload(); return; }
    } catch {
      // A dropped connection: try again on the next tick.
    }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
}
