/**
 * Files a user picked (`<input type=file>`, with `webkitdirectory` for a folder) or dropped, as
 * `PickedSourceFile`s: each file's path relative to what was picked ("data.csv", or
 * "pets/cat/01.png" for a folder named pets) and its bytes as a Blob (not read here). A dropped
 * folder is walked through the File and Directory Entries API (`webkitGetAsEntry`), so a drop and
 * a pick of the same folder give the same paths.
 */
import type { PickedSourceFile } from '../../training';

/** The files of an `<input type=file>`: `webkitRelativePath` for a folder pick, the name otherwise. */
export function filesFromInput(list: FileList | readonly File[]): PickedSourceFile[] {
  return Array.from(list, (file) => ({ path: file.webkitRelativePath === '' ? file.name : file.webkitRelativePath, data: file }));
}

/**
 * The files of a drop, folders walked to the bottom. The entries are taken synchronously (a drop's
 * items are only readable during its event handler); the returned promise walks them.
 */
export function filesFromDrop(transfer: DataTransfer): Promise<PickedSourceFile[]> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(transfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    if (entry !== null) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file !== null) loose.push(file);
    }
  }
  if (entries.length === 0 && loose.length === 0) return Promise.resolve(filesFromInput(transfer.files));
  return (async () => {
    const walked = await Promise.all(entries.map((entry) => walkEntry(entry)));
    return [...walked.flat(), ...filesFromInput(loose)];
  })();
}

/** Every file under an entry, with its path from the dropped item down ("pets/cat/01.png"). */
async function walkEntry(entry: FileSystemEntry): Promise<PickedSourceFile[]> {
  const path = entry.fullPath.replace(/^\/+/, '') || entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ path, data: file }];
  }
  if (!entry.isDirectory) return [];
  const children = await readAllEntries((entry as FileSystemDirectoryEntry).createReader());
  const nested = await Promise.all(children.map((child) => walkEntry(child)));
  return nested.flat();
}

/** A directory's entries: `readEntries` returns them in batches until an empty one. */
async function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/** Total bytes of some picked files. */
export function pickedBytes(files: readonly PickedSourceFile[]): number {
  return files.reduce((sum, file) => sum + file.data.size, 0);
}

/** The folder a set of picked files lies in ("pets" for "pets/cat/01.png"), or the first file's name. */
export function pickedFolderName(files: readonly PickedSourceFile[]): string {
  const first = files[0]?.path ?? '';
  const slash = first.indexOf('/');
  return slash === -1 ? first : first.slice(0, slash);
}
