/**
 * The data-preparation worker's API (`DataPrepApi`, see prep-protocol.ts) as plain functions:
 * workers/data-prep.worker.ts exposes it over comlink, and Node (tests, benchmarks) calls it
 * directly. Every refusal comes back as `{ ok: false, problem, message }`: a TableError, an
 * ImageFolderError or a PrepRequestError keeps its problem; a split's EvaluationError is 'split';
 * anything unexpected is 'error', its message kept.
 *
 *   const api = createDataPrepApi();
 *   const preview = await api.previewTable({ path: 'penguins.csv', data: blob });
 *   if (!preview.ok) show(preview.message);
 */
import { EvaluationError } from '../evaluation/errors';
import { ImageFolderError } from '../image-folder/image-folder-error';
import { TableError } from '../table/table-error';
import { fingerprintFiles } from './fingerprint';
import type { DataPrepApi, PrepRefusal, PrepResult } from './prep-protocol';
import { buildImages, previewImages } from './prepare-images';
import { buildTable, ParsedTableCache, previewTable } from './prepare-table';
import { PrepRequestError } from './split-request';

/** A thrown error as a refusal that crosses the worker boundary intact. */
export function refusalOf(error: unknown): PrepRefusal {
  if (error instanceof TableError || error instanceof ImageFolderError || error instanceof PrepRequestError) {
    return { ok: false, problem: error.problem, message: error.message };
  }
  if (error instanceof EvaluationError) return { ok: false, problem: 'split', message: error.message };
  return { ok: false, problem: 'error', message: error instanceof Error ? error.message || error.name : String(error) };
}

async function attempt<T>(run: () => Promise<T>): Promise<PrepResult<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return refusalOf(error);
  }
}

/** The data-preparation API: fingerprints, table and image-folder previews and builds (a build after its preview reuses the parsed table). */
export function createDataPrepApi(): DataPrepApi {
  const tables = new ParsedTableCache();
  return {
    fingerprint: (files) => fingerprintFiles(files),
    previewTable: (file) => attempt(() => previewTable(file, tables)),
    buildTable: (file, request) => attempt(() => buildTable(file, request, tables)),
    previewImages: (files, name) => attempt(() => previewImages(files, name)),
    buildImages: (files, request, onProgress) => attempt(() => buildImages(files, request, onProgress)),
  };
}
