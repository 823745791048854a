/** The study file format (JSON), shared by the writer (`Study.toJSON`) and the loader. */
import type { SearchSpace } from '../space/types';
import type { Direction, TrialState } from './trial';

export const STUDY_FORMAT = 'b31295fb.study';
export const STUDY_VERSION = 1;

export interface TrialJSON {
  id: number;
  params: Record<string, number | string | boolean>;
  state: TrialState;
  value: number | null;
  intermediate: { step: number; value: number | null }[];
  startedAt: number;
  endedAt: number | null;
  reason: string | null;
}

export interface StudyJSON {
  format: typeof STUDY_FORMAT;
  version: typeof STUDY_VERSION;
  name: string;
  space: SearchSpace;
  direction: Direction;
  seed: number;
  sampler: { name: string; options: Record<string, unknown>; state?: unknown };
  trials: TrialJSON[];
}

export class StudyFormatError extends Error {
  override readonly name = 'StudyFormatError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`study file: ${path}: ${problem}`);
  }
}

