/**
 * A study on the user's own data, as its setup records it: which files (by name and SHA-256
 * fingerprint, never the bytes: those are kept in IndexedDB or picked again), what the user chose
 * (target column, task kind, image size), and the model family. The dataset itself is rebuilt from
 * the files and these choices, identically, whenever the study runs.
 */
import type { UserDataKind, UserTaskKind } from '../../training';

/** The model family tuned on user data: an MLP (tables), the CNN (images), or the user's own tfjs model. */
export type UserModelSetup =
  | { readonly kind: 'mlp' }
  | { readonly kind: 'cnn' }
  | {
      readonly kind: 'user-model';
      /** model.json's file name as picked. */
      readonly name: string;
      /** SHA-256 of model.json and its weight files. */
      readonly fingerprint: string;
      readonly bytes: number;
      /** Whether the search also chooses how many of the first weighted layers stay frozen. */
      readonly tuneTrainable: boolean;
    };

export interface UserDataSetup {
  readonly source: UserDataKind;
  /** The file (table) or folder (images) name. */
  readonly name: string;
  /** SHA-256 (hex) of the source files. */
  readonly fingerprint: string;
  /** Size of the source files in bytes. */
  readonly bytes: number;
  readonly task: UserTaskKind;
  /** Tables: the target column; null for images. */
  readonly target: string | null;
  /** Images: the side (28 … 96 px) and channels; null for tables. */
  readonly image: { readonly side: number; readonly channels: 1 | 3 } | null;
  /** Share of rows held out for validation, in [0.1, 0.5]. */
  readonly validationFraction: number;
  readonly model: UserModelSetup;
}
