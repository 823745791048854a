/**
 * What the page can tune. Synthetic tasks are instant landscapes run on the simulated backend
 * (benchmark functions with synthetic learning curves); CNN tasks train real tfjs models in workers.
 */
import { braninLandscape, syntheticMlp, type SyntheticObjective } from '../../runner';
import { type DatasetName, DEFAULT_SEARCH_SPACE } from '../../training';
import type { SearchSpace } from '../../tuner';

export const TASK_IDS = ['branin', 'synthetic-mlp', 'mnist-cnn', 'fashion-cnn'] as const;
export type TaskId = (typeof TASK_IDS)[number];

export type Task =
  | {
      readonly kind: 'synthetic';
      readonly id: TaskId;
      readonly label: string;
      readonly description: string;
      readonly objective: SyntheticObjective;
      /** Known optimum, when there is one (regret is drawn against it). */
      readonly fStar: number | null;
      readonly defaultSpace: SearchSpace;
      /** Parameters that set the simulated network's shape, which PBT must not perturb (besides the CNN ones). */
      readonly structural?: readonly string[];
    }
  | {
      readonly kind: 'cnn';
      readonly id: TaskId;
      readonly label: string;
      readonly description: string;
      readonly dataset: DatasetName;
      readonly defaultSpace: SearchSpace;
    };

export const TASKS: Readonly<Record<TaskId, Task>> = {
  branin: {
    kind: 'synthetic',
    id: 'branin',
    label: 'Synthetic: Branin landscape (instant)',
    description: 'A 2-D test function with three equal minima; its true landscape is drawn under the samples.',
    objective: braninLandscape,
    fStar: braninLandscape.fStar,
    defaultSpace: braninLandscape.space,
  },
  'synthetic-mlp': {
    kind: 'synthetic',
    id: 'synthetic-mlp',
    label: 'Synthetic: MLP-like training (instant)',
    description: 'A made-up training run over learning rate, units, dropout and batch size, with learning curves and costs.',
    objective: syntheticMlp,
    fStar: 0.25,
    defaultSpace: syntheticMlp.space,
    structural: ['units'],
  },
  'mnist-cnn': {
    kind: 'cnn',
    id: 'mnist-cnn',
    label: 'MNIST digits: small CNN (real training)',
    description: 'Trains tiny convolutional networks on handwritten digits in Web Workers on your GPU.',
    dataset: 'mnist',
    defaultSpace: DEFAULT_SEARCH_SPACE,
  },
  'fashion-cnn': {
    kind: 'cnn',
    id: 'fashion-cnn',
    label: 'Fashion-MNIST: small CNN (real training)',
    description: 'Clothing images: harder than digits, so tuning matters more.',
    dataset: 'fashion-mnist',
    defaultSpace: DEFAULT_SEARCH_SPACE,
  },
};

export function isTaskId(v: unknown): v is TaskId {
  return typeof v === 'string' && (TASK_IDS as readonly string[]).includes(v);
}

/** Names PBT must leave alone on this task, besides the CNN's structural hyperparameters. */
export function taskStructural(id: TaskId): readonly string[] {
  const task = TASKS[id];
  return task.kind === 'synthetic' ? (task.structural ?? []) : [];
}
