/**
 * Reading what a user picked or dropped into a data source: a table (one CSV or TSV file), an
 * image folder, or a tfjs model (model.json and its weight files). Each is previewed (or, for a
 * model, checked in pure TypeScript) and fingerprinted; the outcome is the source with what was
 * found in it, or the refusal in words that name the file and the problem. Nothing is kept here.
 */
import type { Remote } from 'comlink';
import { checkModelFiles, UserModelError, type DataPrepApi, type ImageFolderPreview, type PickedSourceFile, type TablePreview, type UserModelFiles } from '../../training';
import type { DataSource } from './data-sources.svelte';
import { pickedBytes, pickedFolderName } from './picked-files';

/** A pick read: the source and what was found in it, or why it was refused. */
export type PickOutcome<T> = { readonly ok: true; readonly source: DataSource; readonly found: T } | { readonly ok: false; readonly message: string };

/** One CSV or TSV file: previewed and fingerprinted in the data-prep worker. */
export async function readTablePick(prep: Remote<DataPrepApi>, files: readonly PickedSourceFile[]): Promise<PickOutcome<TablePreview>> {
  const file = files[0];
  if (files.length !== 1 || file === undefined) {
    const folder = files.some((f) => f.path.includes('/')) ? ' For a folder of images, choose “A folder of images” as the source.' : '';
    return { ok: false, message: `Pick or drop one CSV or TSV file; ${files.length} files were given (${listPaths(files)}).${folder}` };
  }
  const [preview, fingerprint] = await Promise.all([prep.previewTable(file), prep.fingerprint([file])]);
  if (!preview.ok) return { ok: false, message: `${baseName(file.path)} was not used: ${sentence(preview.message)}` };
  return { ok: true, source: { kind: 'table', name: baseName(file.path), fingerprint, bytes: file.data.size, files: [file] }, found: preview.value };
}

/** An image folder (paths "folder/class/image.png"): previewed and fingerprinted in the data-prep worker. */
export async function readImagePick(prep: Remote<DataPrepApi>, files: readonly PickedSourceFile[]): Promise<PickOutcome<ImageFolderPreview>> {
  const name = pickedFolderName(files);
  const [preview, fingerprint] = await Promise.all([prep.previewImages(files, name), prep.fingerprint(files)]);
  if (!preview.ok) return { ok: false, message: `${name || 'The folder'} was not used: ${sentence(preview.message)}` };
  return { ok: true, source: { kind: 'images', name, fingerprint, bytes: pickedBytes(files), files }, found: preview.value };
}

/** A tfjs LayersModel: checked here (pure TypeScript, no tfjs) before it is fingerprinted. */
export async function readModelPick(prep: Remote<DataPrepApi>, files: readonly PickedSourceFile[]): Promise<PickOutcome<UserModelFiles>> {
  const given = await Promise.all(files.map(async (file) => ({ name: file.path, bytes: await file.data.arrayBuffer() })));
  let checked: UserModelFiles;
  try {
    checked = checkModelFiles(given);
  } catch (error) {
    if (error instanceof UserModelError) return { ok: false, message: `Your model was not used: ${sentence(error.message)}` };
    throw error;
  }
  const fingerprint = await prep.fingerprint(files);
  return { ok: true, source: { kind: 'model', name: baseName(checked.modelJsonName), fingerprint, bytes: pickedBytes(files), files }, found: checked };
}

/** What a pick is called while it is read: the table's file, the folder, or the model's model.json. */
export function pickName(files: readonly PickedSourceFile[], kind: 'table' | 'images' | 'model'): string {
  switch (kind) {
    case 'table':
      return baseName(files[0]?.path ?? '');
    case 'images':
      return pickedFolderName(files);
    case 'model':
      return baseName(files.find((f) => f.path.toLowerCase().endsWith('.json'))?.path ?? 'your model');
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

const baseName = (path: string): string => path.split('/').pop() ?? path;

function listPaths(files: readonly PickedSourceFile[]): string {
  const shown = files.slice(0, 3).map((f) => f.path);
  return files.length > 3 ? `${shown.join(', ')}, …` : shown.join(', ') || 'none';
}

/** A message as a sentence: it ends with a full stop. */
export function sentence(message: string): string {
  const trimmed = message.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
