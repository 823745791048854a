/**
 * Which sampler made an Optuna study, when its journal tells. Optuna keeps no record of the sampler
 * itself; what a journal can show is our export's `sampler` study attr, or the attrs some of
 * Optuna's samplers leave behind (Optuna 3.1's source, samplers/):
 *
 *   nsga2:… trial system attrs          NSGAIISampler (nsga3:… NSGAIIISampler, Optuna ≥ 3.2)
 *   cma:… / sepcma:… / cmawm:…          CmaEsSampler
 *   grid_id trial system attr           GridSampler
 *   "…'s last sample id" study attr     QMCSampler
 *
 * TPE, random and GP sampling leave no trace: for those the answer is null.
 */
import { EXPORT_STUDY_ATTR } from './journal-ops';
import type { OptunaStudyRecord } from './journal-fields';

/** The sampler a journal shows: one of this library's (our export's attr), or one of Optuna's by class name. */
export type OptunaSamplerHint = { readonly from: 'tfjs-tuner'; readonly name: string } | { readonly from: 'optuna'; readonly name: string };

const TRIAL_ATTR_PREFIXES: readonly (readonly [string, string])[] = [
  ['nsga2:', 'NSGAIISampler'],
  ['nsga3:', 'NSGAIIISampler'],
  ['cma:', 'CmaEsSampler'],
  ['sepcma:', 'CmaEsSampler'],
  ['cmawm:', 'CmaEsSampler'],
];

/** The sampler the study's journal shows, or null when it shows none. */
export function optunaSamplerOf(record: Pick<OptunaStudyRecord, 'userAttrs' | 'systemAttrs' | 'trials'>): OptunaSamplerHint | null {
  const ours = record.userAttrs[EXPORT_STUDY_ATTR.SAMPLER];
  if (ours !== null && typeof ours === 'object' && !Array.isArray(ours) && typeof ours.name === 'string' && ours.name !== '') return { from: 'tfjs-tuner', name: ours.name };
  for (const trial of record.trials) {
    for (const key of Object.keys(trial.systemAttrs)) {
      if (key === 'grid_id') return { from: 'optuna', name: 'GridSampler' };
      const found = TRIAL_ATTR_PREFIXES.find(([prefix]) => key.startsWith(prefix));
      if (found !== undefined) return { from: 'optuna', name: found[1] };
    }
  }
  if (Object.keys(record.systemAttrs).some((key) => key.endsWith("'s last sample id"))) return { from: 'optuna', name: 'QMCSampler' };
  return null;
}
