import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliProcess } from '../../support/cli';
import { makeTempDir } from '../../support/temp-dir';

/**
 * CSV files as spreadsheets really save them, through `candidates import-csv`: a quote never
 * closed rejects its row by line instead of merging candidates; UTF-16 with its byte order mark is
 * read; a Latin-1 export is refused with "save the file as UTF-8" instead of importing "Jos� Mu�oz".
 */
const temps: Array<() => void> = [];
afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()));

function folder(): string {
  const temp = makeTempDir('kula-cli-csv-');
  temps.push(temp.cleanup);
  return temp.dir;
}

async function importFile(dir: string, name: string, bytes: Buffer, dryRun = false) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return runCliProcess([
    '--data-dir',
    path.join(dir, 'data'),
    'candidates',
    'import-csv',
    file,
    ...(dryRun ? ['--dry-run'] : []),
  ]);
}

async function kulaNames(dir: string): Promise<string[]> {
  const run = await runCliProcess([
    '--data-dir',
    path.join(dir, 'data'),
    'candidates',
    'list',
    '--kula',
    '--json',
  ]);
  return (JSON.parse(run.stdout).rows as Array<{ name: string }>).map((row) => row.name).sort();
}

describe('kula-console candidates import-csv', { timeout: 120_000 }, () => {
  it('a quote never closed: the row is rejected by its lines, nothing is merged', async () => {
    const dir = folder();
    const text = [
      'name,email',
      'Alice,a@example.com',
      '"Bob,b1@example.com',
      'Carol,c@example.com',
      'Dan,d@example.com',
      '',
    ].join('\n');
    const preview = await importFile(dir, 'quote.csv', Buffer.from(text), true);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('2 rows: 1 ready, 1 with problems');
    expect(preview.stdout).toContain(
      'line 3: A quote (") opened here is never closed, so lines 3 to 5 were read as one value and none of them can be imported.',
    );
    const run = await importFile(dir, 'quote.csv', Buffer.from(text));
    expect(run.stdout).toContain('Imported 1 candidate.');
    expect(await kulaNames(dir)).toEqual(['Alice']);
  });

  it('UTF-16 with a byte order mark (little and big endian) is read as written', async () => {
    const dir = folder();
    const text = 'name,email\r\nJosé Muñoz,jose@example.com\r\nZoë Ångström,zoe@example.com\r\n';
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const big = Buffer.from(little);
    big.swap16();
    expect((await importFile(dir, 'le.csv', little)).stdout).toContain('Imported 2 candidates.');
    expect(await kulaNames(dir)).toEqual(['José Muñoz', 'Zoë Ångström']);
    const other = folder();
    expect((await importFile(other, 'be.csv', big)).stdout).toContain('Imported 2 candidates.');
    expect(await kulaNames(other)).toEqual(['José Muñoz', 'Zoë Ångström']);
  });

  it('a Latin-1 export is refused: save the file as UTF-8; nothing is imported', async () => {
    const dir = folder();
    const run = await importFile(
      dir,
      'latin1.csv',
      Buffer.from('name,email\nJosé Muñoz,jose@example.com\n', 'latin1'),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The file is not UTF-8 text.');
    expect(run.stderr).toContain('Save the file as UTF-8');
    expect(run.stdout).not.toContain('Imported');
  });

  it('a UTF-8 file with a byte order mark imports as usual', async () => {
    const dir = folder();
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('name,email\nJosé Muñoz,jose@example.com\n'),
    ]);
    expect((await importFile(dir, 'bom.csv', bom)).stdout).toContain('Imported 1 candidate.');
    expect(await kulaNames(dir)).toEqual(['José Muñoz']);
  });
});
