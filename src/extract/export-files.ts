import { readdir, readFile, stat } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { ZipArchive } from './zip.js';

/** The files of an export, as a folder on disk or a ZIP archive, named by `/`-separated paths. */
export interface ExportFiles {
  /** File paths relative to the export's root, sorted. */
  names: string[];
  read(name: string): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Opens a folder or a ZIP archive. The export's root is the shallowest folder with a `marker`
 * file, so an export zipped together with its top folder reads the same as one zipped without.
 */
export async function openExportFiles(path: string, markers: string[]): Promise<ExportFiles> {
  const info = await stat(path);

  return info.isDirectory() ? openFolder(path, markers) : openZip(path, markers);
}

async function openFolder(path: string, markers: string[]): Promise<ExportFiles> {
  const all = (await listFiles(path)).map((file) => relative(path, file).split(sep).join('/'));
  const prefix = rootPrefix(all, markers);

  return {
    names: underRoot(all, prefix),
    read: (name) => readFile(join(path, ...`${prefix}${name}`.split('/'))),
    close: async () => {},
  };
}

async function openZip(path: string, markers: string[]): Promise<ExportFiles> {
  const archive = await ZipArchive.open(path);
  const byName = new Map(
    archive.entries
      .filter((entry) => !entry.name.endsWith('/'))
      .map((entry) => [entry.name, entry]),
  );
  const prefix = rootPrefix([...byName.keys()], markers);

  return {
    names: underRoot([...byName.keys()], prefix),
    read: async (name) => {
      const entry = byName.get(`${prefix}${name}`);
      if (entry === undefined) throw new Error(`${path} has no entry ${prefix}${name}`);
      return archive.read(entry);
    },
    close: () => archive.close(),
  };
}

async function listFiles(folder: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const full = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else if (entry.isFile()) files.push(full);
  }

  return files;
}

/** Returns the shallowest folder with a marker file, as a prefix ending in `/` ('' for the top). */
function rootPrefix(names: string[], markers: string[]): string {
  const roots = names
    .filter((name) => !isMetadataJunk(name) && markers.includes(posix.basename(name)))
    .map((name) => posix.dirname(name))
    .sort((a, b) => depth(a) - depth(b));
  const root = roots[0];

  return root === undefined || root === '.' ? '' : `${root}/`;
}

function depth(folder: string): number {
  return folder === '.' ? 0 : folder.split('/').length;
}

function underRoot(names: string[], prefix: string): string[] {
  return names
    .filter((name) => name.startsWith(prefix) && !isMetadataJunk(name))
    .map((name) => name.slice(prefix.length))
    .sort();
}

/** Files that archivers and desktops add: macOS resource forks and hidden files. */
function isMetadataJunk(name: string): boolean {
  return name.startsWith('__MACOSX/') || name.split('/').some((part) => part.startsWith('.'));
}
