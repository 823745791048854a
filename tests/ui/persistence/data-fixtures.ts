/** Fixtures for the user's data: sources with real SHA-256 fingerprints, and studies on them. */
import { createHash } from 'node:crypto';
import { createStudy } from '../../../src/tuner';
import { createSavedStudy, type DataSource, type SavedStudyRecord } from '../../../src/ui/persistence';
import { defaultDataSetup, type SetupConfig } from '../../../src/ui/setup/setup-config';
import type { UserDataSetup } from '../../../src/ui/setup/data-setup';

/** SHA-256 (hex) of text: a one-file source's fingerprint. */
export function fingerprintOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A one-file table source. */
export function tableSource(name: string, text: string): DataSource {
  return { kind: 'table', name, fingerprint: fingerprintOf(text), bytes: new TextEncoder().encode(text).length, files: [{ path: name, data: new Blob([text], { type: 'text/csv' }) }] };
}

/** A model source (model.json only is enough for storage tests). */
export function modelSource(name: string, text: string): DataSource {
  return { kind: 'model', name, fingerprint: fingerprintOf(`model:${text}`), bytes: text.length, files: [{ path: name, data: new Blob([text], { type: 'application/json' }) }] };
}

/** The data part of a setup on a table source, with an MLP or the given model. */
export function tableData(source: DataSource, model?: DataSource, target = 'species'): UserDataSetup {
  return {
    source: 'table',
    name: source.name,
    fingerprint: source.fingerprint,
    bytes: source.bytes,
    task: 'classification',
    target,
    image: null,
    validationFraction: 0.2,
    model: model === undefined ? { kind: 'mlp' } : { kind: 'user-model', name: model.name, fingerprint: model.fingerprint, bytes: model.bytes, tuneTrainable: false },
  };
}

/** A whole, valid setup for a study on `source`. */
export function dataSetup(source: DataSource, model?: DataSource): SetupConfig {
  return { ...defaultDataSetup(tableData(source, model)), strategy: 'random' };
}

/** A saved study on `source` (and `model`), with two complete trials. */
export function dataRecord(id: string, source: DataSource, model?: DataSource, name = `Study ${id}`): SavedStudyRecord {
  const setup = dataSetup(source, model);
  const study = createStudy({ space: setup.space, sampler: 'random', seed: 3, name, clock: () => 1 });
  for (const value of [0.7, 0.4]) study.tell(study.ask().id, value);
  return createSavedStudy({ id, name, setup, study: study.toJSON(), status: 'paused', now: 1_700_000_000_000 });
}
