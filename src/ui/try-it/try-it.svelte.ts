/**
 * "Try it": the best model on one input the user gives, a typed table row or a dropped image. The
 * form has one field per source column the preprocessing uses (the known categories for a
 * categorical column; an empty field is a missing value), and the prediction comes from the
 * predictor worker (PredictorSession), never from the main thread.
 */
import type { Prediction, PreprocessingJson } from '../../training';

/** One input of the row form. */
export type TryItField =
  | { readonly kind: 'numeric'; readonly column: string; /** The training rows' mean, shown as a hint. */ readonly typical: number }
  | { readonly kind: 'categorical'; readonly column: string; readonly categories: readonly string[] };

/** What predicts: the predictor session's two calls. */
export interface TryItPredictor {
  predictRecord(record: Readonly<Record<string, string>>): Promise<Prediction>;
  predictImage(image: Blob): Promise<Prediction>;
}

/** The form's fields: one per column the preprocessing encodes, in its order; none for images. */
export function tryItFields(preprocessing: PreprocessingJson): readonly TryItField[] {
  const input = preprocessing.input;
  if (input.kind !== 'table') return [];
  return input.table.features.map((feature): TryItField => {
    switch (feature.kind) {
      case 'numeric':
        return { kind: 'numeric', column: feature.column, typical: feature.mean };
      case 'categorical':
        return { kind: 'categorical', column: feature.column, categories: feature.categories };
      default: {
        const unreachable: never = feature;
        throw new Error(`unknown feature ${JSON.stringify(unreachable)}`);
      }
    }
  });
}

/** The classes sorted by probability, most probable first (ties keep the model's order). */
export function rankedProbabilities(prediction: Prediction): readonly { readonly label: string; readonly probability: number }[] {
  if (prediction.kind !== 'classification') return [];
  return [...prediction.probabilities].sort((a, b) => b.probability - a.probability);
}

export class TryIt {
  readonly fields: readonly TryItField[];
  readonly input: 'table' | 'images';
  /** The row as typed: column → text ('' = missing). */
  values = $state<Record<string, string>>({});
  busy = $state(false);
  result = $state.raw<Prediction | null>(null);
  error = $state<string | null>(null);
  /** A preview of the image predicted last (an object URL), or null. */
  imageUrl = $state<string | null>(null);

  constructor(
    private readonly predictor: TryItPredictor,
    preprocessing: PreprocessingJson,
    private readonly urls: { create(blob: Blob): string; revoke(url: string): void } = { create: (b) => URL.createObjectURL(b), revoke: (u) => URL.revokeObjectURL(u) },
  ) {
    this.fields = tryItFields(preprocessing);
    this.input = preprocessing.input.kind;
    this.values = Object.fromEntries(this.fields.map((field) => [field.column, '']));
  }

  /** Sets one column's text. */
  set(column: string, value: string): void {
    this.values = { ...this.values, [column]: value };
  }

  /** Predicts the typed row. */
  predictRow(): Promise<void> {
    const record = { ...this.values };
    return this.run(() => this.predictor.predictRecord(record));
  }

  /** Predicts one image (and shows it). */
  predictImage(image: Blob): Promise<void> {
    if (this.imageUrl !== null) this.urls.revoke(this.imageUrl);
    this.imageUrl = this.urls.create(image);
    return this.run(() => this.predictor.predictImage(image));
  }

  /** Lets go of the image preview. */
  dispose(): void {
    if (this.imageUrl !== null) this.urls.revoke(this.imageUrl);
    this.imageUrl = null;
  }

  private async run(predict: () => Promise<Prediction>): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      this.result = await predict();
    } catch (error) {
      this.result = null;
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }
}
