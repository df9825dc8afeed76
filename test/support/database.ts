import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Every integration file gets its own database, cloned from the run's migrated template, so two
 * files can run at once without seeing each other's rows. The setup file makes the clone before
 * the test file loads; tests reach it through `testDatabaseUrl()`.
 */
const FILE_DATABASE_ENV = 'HERALD_TEST_DATABASE_URL';

export function testDatabaseUrl(): string {
  const url = process.env[FILE_DATABASE_ENV];
  if (!url) throw new Error(`${FILE_DATABASE_ENV} is unset: integration tests need test/support/file-database.ts as a setup file`);
  return url;
}

export function databaseUrlFor(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** CREATE DATABASE ... TEMPLATE copies the migrated schema in well under a second, unlike running the migrations again. */
export async function cloneTemplateDatabase(adminUrl: string, template: string): Promise<string> {
  const name = `${template.replace(/_tpl$/, '')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Another file cloning at the same instant can briefly hold the template; wait it out.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`create database "${name}" template "${template}"`);
        break;
      } catch (err) {
        if (attempt >= 20 || !/being accessed by other users/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    await admin.end();
  }
  process.env[FILE_DATABASE_ENV] = databaseUrlFor(adminUrl, name);
  return name;
}

/** The run's databases (template and every file's clone) share the template's name as a prefix. */
export async function dropRunDatabases(admin: pg.Client, template: string): Promise<void> {
  const prefix = template.replace(/_tpl$/, '');
  const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${prefix}\\_%`]);
  for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`).catch(() => undefined);
}
