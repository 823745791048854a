/**
 * What the page can tune. Synthetic tasks are instant landscapes run on the simulated backend
 * (benchmark functions with synthetic learning curves); CNN tasks train real tfjs models in workers;
 * the user-data task trains on the user's own table or image folder (its setup's `data` says which
 * files and which model family: data-setup.ts).
 */
import { braninLandscape, syntheticMlp, type SyntheticObjective } from '../../runner';
import { type DatasetName, DEFAULT_SEARCH_SPACE, mlpSearchSpace } from '../../training';
import type { SearchSpace } from '../../tuner';

export const TASK_IDS = ['branin', 'synthetic-mlp', 'mnist-cnn', 'fashion-cnn', 'user-data'] as const;
export type TaskId = (typeof TASK_IDS)[number];

export type Task =
  | {
      readonly kind: 'synthetic';
      readonly id: TaskId;
      readonly label: string;
      readonly description: string;
      readonly objective: SyntheticObjective;
      /** What its one reported value (metric `valLoss`, for saved studies) truly is, in words. */
      readonly valueLabel: string;
      /** Known optimum, when there is one (regret is drawn against it). */
      readonly fStar: number | null;
      /**
       * Whether a trial is one value of a test function: its epochs are then only simulated, for a
       * scheduler to cut, and the Setup view asks for them only when a scheduler is chosen.
       */
      readonly singleValue: boolean;
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
    }
  | {
      readonly kind: 'user';
      readonly id: 'user-data';
      readonly label: string;
      readonly description: string;
      /** The MLP's space for a classification table; a setup's own space follows its data's model family (`defaultDataSetup`). */
      readonly defaultSpace: SearchSpace;
    };

/**
 * The MLP's parameters that set its shape, which PBT must not perturb: a copied network cannot
 * change shape (the image CNN's are the scheduler's own list, STRUCTURAL_HYPERPARAMETERS).
 */
export const MLP_STRUCTURAL: readonly string[] = ['layers', 'units', 'batchNorm'];

export const TASKS: Readonly<Record<TaskId, Task>> = {
  branin: {
    kind: 'synthetic',
    id: 'branin',
    label: 'Synthetic: Branin landscape (instant)',
    description: 'A 2-D test function with three equal minima; its true landscape is drawn under the samples.',
    objective: braninLandscape,
    valueLabel: 'Branin function value',
    fStar: braninLandscape.fStar,
    singleValue: true,
    defaultSpace: braninLandscape.space,
  },
  'synthetic-mlp': {
    kind: 'synthetic',
    id: 'synthetic-mlp',
    label: 'Synthetic: MLP-like training (instant)',
    description: 'A made-up training run over learning rate, units, dropout and batch size, with learning curves and costs.',
    objective: syntheticMlp,
    valueLabel: 'simulated validation loss',
    fStar: 0.25,
    singleValue: false,
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
  'user-data': {
    kind: 'user',
    id: 'user-data',
    label: 'Your data (real training)',
    description: 'Tunes a small model on a CSV/TSV table or a folder of images from your machine (optionally your own tfjs model). The data never leaves this page.',
    defaultSpace: mlpSearchSpace('classification'),
  },
};

/** The tasks that need nothing of the user's (no data to pick): what a race or a bare study file can run. */
export const BUILTIN_TASK_IDS: readonly TaskId[] = TASK_IDS.filter((id) => TASKS[id].kind !== 'user');

export function isTaskId(v: unknown): v is TaskId {
  return typeof v === 'string' && (TASK_IDS as readonly string[]).includes(v);
}

/** Names PBT must leave alone on this task, besides the CNN's structural hyperparameters (the user-data task: the MLP's). */
export function taskStructural(id: TaskId): readonly string[] {
  const task = TASKS[id];
  switch (task.kind) {
    case 'synthetic':
      return task.structural ?? [];
    case 'cnn':
      return [];
    case 'user':
      return MLP_STRUCTURAL;
    default: {
      const unreachable: never = task;
      return unreachable;
    }
  }
}

/** Whether the task trains real models in workers (CNN and user-data tasks), rather than simulating. */
export function isRealTask(id: TaskId): boolean {
  return TASKS[id].kind !== 'synthetic';
}
