/**
 * The dataset builds behind the data previews: when the choices that shape a dataset change (the
 * target, the task kind, the image size, the split), the dataset is built once they have stayed
 * unchanged for a moment, through the page's register of sources (which keeps it for the study's
 * start), and what the worker reported is kept on the choice: the split, the imputation, the images
 * that did not decode, or the refusal. A later request wins over an earlier one still running.
 */
import type { ImageReport, TableReport, UserDataset } from '../../training';
import type { UserDataSetup } from '../setup/data-setup';
import { sentence } from './read-picks';
import { TableChoice, type BuildState, type ImageChoice } from './source-choices.svelte';

/** Builds (or finds already built) the dataset a study's data calls for. */
export type BuildDataset = (data: UserDataSetup, seed: number, folds: number) => Promise<{ readonly dataset: UserDataset; readonly report: TableReport | ImageReport }>;

/** A dataset to build for the preview: the choice it is for, the study's data field, seed and folds, and a key naming them. */
export interface PendingBuild {
  readonly choice: TableChoice | ImageChoice;
  readonly data: UserDataSetup;
  readonly seed: number;
  readonly folds: number;
  readonly key: string;
}

/** One key per distinct dataset: the files and every choice that shapes it (the model does not). */
export function buildKey(data: UserDataSetup, seed: number, folds: number): string {
  return JSON.stringify([data.fingerprint, data.source, data.task, data.target, data.image?.side ?? null, data.image?.channels ?? null, data.validationFraction, seed, folds]);
}

export class PreviewBuilds {
  private token = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `settleMs`: how long the choices must stay unchanged before a build starts (default 300). */
  constructor(
    private readonly build: BuildDataset,
    private readonly settleMs = 300,
  ) {}

  /** Builds `pending` once the choices settle, unless its choice already holds that build's answer; null cancels a waiting build. */
  request(pending: PendingBuild | null): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (pending === null) return;
    const state = pending.choice.build;
    if ((state.kind === 'built' || state.kind === 'refused') && state.key === pending.key) return;
    const token = ++this.token;
    this.timer = setTimeout(() => void this.run(pending, token), this.settleMs);
  }

  private async run(pending: PendingBuild, token: number): Promise<void> {
    const { choice, key } = pending;
    setBuild(choice, { kind: 'building' });
    let next: BuildState<TableReport | ImageReport>;
    try {
      const { dataset, report } = await this.build(pending.data, pending.seed, pending.folds);
      next = { kind: 'built', key, report, sampleShape: dataset.sampleShape.slice(), classNames: dataset.classNames?.slice() ?? null };
    } catch (error) {
      next = { kind: 'refused', key, message: sentence(error instanceof Error ? error.message : String(error)) };
    }
    if (token === this.token) setBuild(choice, next);
  }

  /** Stops a build that has not started yet. */
  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

function setBuild(choice: TableChoice | ImageChoice, state: BuildState<TableReport | ImageReport>): void {
  if (choice instanceof TableChoice) choice.build = state as BuildState<TableReport>;
  else choice.build = state as BuildState<ImageReport>;
}
