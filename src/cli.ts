import { parseArgs } from 'node:util';
import { loadConfig } from './platform/config.ts';
import { openDb } from './platform/db/client.ts';
import { DataDirInUseError } from './platform/db/data-dir-lock.ts';
import { migrate } from './platform/db/migrate.ts';
import { createServices } from './services.ts';
import { loadDemo } from './features/demo/load.ts';
import { isRole, ROLES } from './platform/auth/roles.ts';
import { startServer } from './server.ts';
import { DomainError } from './platform/errors.ts';
import { runImportCommand, importThroughServer, choosePartnership, IMPORT_USAGE } from './features/assessment/import/cli.ts';
import { runBoundariesCommand, BoundariesUsageError, BOUNDARIES_USAGE } from './features/assessment/geography/boundaries-cli.ts';
import { runAssessCommand, ASSESS_USAGE } from './features/assessment/analysis/cli.ts';
import { parseExportArgs, runExportCommand, EXPORT_USAGE } from './features/reports/export-cli.ts';
import { BACKUP_USAGE, BackupUsageError, runBackupCommand, runRestoreCommand } from './platform/db/backup/cli.ts';
import { RestoreRefusedError } from './platform/db/backup/restore.ts';
import { NothingToBackUpError } from './platform/db/backup/write-backup.ts';

const USAGE = `Usage: csp-hub <command>

  serve                      start the web service (npm start)
  migrate                    bring the database schema up to date
  demo load                  load the demo partnership (Safer Colchester Partnership)
  users add --email E --name N --password P [--partnership SLUG --role ROLE] [--admin]
                             add a user; --admin makes them an instance administrator
${IMPORT_USAGE}
${BOUNDARIES_USAGE}
${ASSESS_USAGE}
${EXPORT_USAGE}
${BACKUP_USAGE}

Environment: DATABASE_URL (PostgreSQL; embedded database when unset), DATA_DIR, PORT, HOST,
SESSION_SECRET (serve needs it with DATABASE_URL or NODE_ENV=production), NODE_ENV, TRUST_PROXY,
LOG_LEVEL, CHROMIUM_PATH, and the import limits IMPORT_MAX_FILE_SIZE, IMPORT_MAX_TOTAL_SIZE,
IMPORT_MAX_LINE_LENGTH, UPLOAD_MAX_FILE_SIZE, UPLOAD_MAX_TOTAL_SIZE, outgoing mail SMTP_URL, MAIL_FROM, and
METRICS_TOKEN, SHUTDOWN_TIMEOUT, JOB_STALE_SECONDS. The
README's Settings table says what each does.`;

async function withServices<T>(command: string, fn: (s: ReturnType<typeof createServices>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, owner: `csp-hub ${command}` });
  try {
    await migrate(db);
    return await fn(createServices(db, { mail: config.mail }));
  } finally {
    await db.close();
  }
}

async function main(argv: string[]) {
  const [command, sub] = argv;
  if (command === 'help' || command === '--help' || command === '-h') { console.log(USAGE); return; }
  if (command === 'serve' || command === undefined) return startServer();
  if (command === 'migrate') {
    const config = loadConfig();
    const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, owner: 'csp-hub migrate' });
    const applied = await migrate(db);
    await db.close();
    console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date.');
    return;
  }
  if (command === 'import' && sub === 'boundaries') {
    const out = await withServices('import boundaries', (s) => runBoundariesCommand(s, argv.slice(2), (slug) => choosePartnership(s, slug)));
    process.stdout.write(out);
    return;
  }
  if (command === 'import') {
    try {
      await withServices('import', (s) => runImportCommand(s, argv.slice(1), loadConfig().importLimits));
    } catch (e) {
      // The server holds the embedded database: say how to import through it instead.
      if (e instanceof DataDirInUseError) throw new UsageError(`${e.message}\n${importThroughServer(e.holder.url, optionValue(argv, '--partnership'))}`);
      throw e;
    }
    return;
  }
  if (command === 'assess') {
    const out = await withServices('assess', (s) => runAssessCommand(s, argv.slice(1)));
    process.stdout.write(out);
    return;
  }
  if (command === 'export') {
    const request = parseExportArgs(argv.slice(1));
    const out = await withServices('export', (s) => runExportCommand(s, request));
    process.stderr.write(out);
    return;
  }
  if (command === 'backup' || command === 'restore') {
    // The data itself, as it is: no migration first (a restore brings the schema up to date after loading).
    process.stdout.write(await (command === 'backup' ? runBackupCommand : runRestoreCommand)(argv.slice(1)));
    return;
  }
  if (command === 'demo' && sub === 'load') {
    await withServices('demo load', async (s) => { await loadDemo(s); });
    console.log('Loaded the demo partnership (scp).');
    return;
  }
  if (command === 'users' && sub === 'add') {
    const { values } = parseArgs({ args: argv.slice(2), options: {
      email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' },
      partnership: { type: 'string' }, role: { type: 'string' }, admin: { type: 'boolean', default: false },
    } });
    if (!values.email || !values.name || !values.password) throw new UsageError('users add needs --email, --name and --password');
    if (values.password.length < 12) throw new UsageError('The password must be at least 12 characters');
    if (values.role && !isRole(values.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    await withServices('users add', async (s) => {
      if (await s.users.findIdByEmail(values.email!)) throw new UsageError(`There is already a user ${values.email}`);
      const partnership = values.partnership ? await s.partnerships.findBySlug(values.partnership) : null;
      if (values.partnership && !partnership) throw new UsageError(`No partnership ${values.partnership}`);
      const id = await s.users.create({ email: values.email!, name: values.name!, password: values.password!, isInstanceAdmin: values.admin });
      if (partnership && values.role && isRole(values.role)) await s.users.grantRole(id, partnership.id, values.role);
      console.log(`Added ${values.email}${values.admin ? ' (instance administrator)' : ''}.`);
    });
    return;
  }
  throw new UsageError(USAGE);
}

class UsageError extends Error {}

/** `--name value` or `--name=value` from the raw arguments (before a command parses them). */
function optionValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // Refused because another process holds the embedded database: the message is the whole answer.
  if (err instanceof DataDirInUseError) err = new UsageError(`${err.message}\nStop that process first, then run this command again.`);
  // A usage mistake or a refusal from a service (not found, not allowed, not valid): its message is for the user.
  if (err instanceof UsageError || err instanceof DomainError || err instanceof BoundariesUsageError
    || err instanceof BackupUsageError || err instanceof RestoreRefusedError || err instanceof NothingToBackUpError) console.error(err.message);
  else console.error(err instanceof Error ? `Error: ${err.message}` : err);
  process.exitCode = 1;
});
