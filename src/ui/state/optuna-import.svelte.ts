/**
 * The Saved view's import of a picked file, Optuna journals included: a study file goes to the
 * library as before; an Optuna journal is read here, in the import worker where there is one
 * (persistence/optuna-import.ts, study-file-reader.ts), and when it holds several studies it waits
 * in `choice` for the user to pick one. The study picked is stored by the library like an imported
 * study file; a refused journal only sets the library's message, naming the line and the problem,
 * and changes nothing saved.
 *
 *   await optuna.importFile(file);          // a study file, or a journal with one study: imported
 *   optuna.choice?.studies;                 // a journal with several: pick one
 *   await optuna.pick('study-b');
 */
import { isOptunaJournal, readOptunaFileOffThread, type OptunaFileRead, type OptunaStudyChoice } from '../persistence';
import type { LibraryMessage } from './library-messages';
import type { ReadStudyFile } from './study-transfer';

/** What the import needs of the library's transfers (library-transfers.ts): storing a file read by a given reader, and the message. */
export interface ImportingLibrary {
  importFile(file: Blob, read?: ReadStudyFile): Promise<string | null>;
  message: LibraryMessage | null;
}

/** A journal holding several studies, waiting for the user's pick. */
export interface OptunaChoice {
  readonly file: Blob;
  /** The picked file's name ('' when it has none). */
  readonly fileName: string;
  readonly studies: readonly OptunaStudyChoice[];
}

export class OptunaImportState {
  choice = $state.raw<OptunaChoice | null>(null);
  /** Whether a journal is being read (the picker waits). */
  reading = $state(false);

  /** `read`: how a journal is read; default in the import worker (where there is one). */
  constructor(
    private readonly library: ImportingLibrary,
    private readonly read: (file: Blob, studyName: string | null) => Promise<OptunaFileRead> = readOptunaFileOffThread,
  ) {}

  /** Imports a picked file: a study file through the library, an Optuna journal here. Resolves with the new study's id, or null. */
  async importFile(file: Blob): Promise<string | null> {
    this.choice = null;
    if (!(await isOptunaJournal(file))) return this.library.importFile(file);
    return this.importJournal(file, null);
  }

  /** Imports the study named `name` from the journal waiting in `choice`. */
  async pick(name: string): Promise<string | null> {
    const choice = this.choice;
    if (choice === null) return null;
    this.choice = null;
    return this.importJournal(choice.file, name);
  }

  /** Forgets the journal waiting for a pick; nothing is imported. */
  cancel(): void {
    if (this.choice === null) return;
    this.choice = null;
    this.library.message = null;
  }

  private async importJournal(file: Blob, studyName: string | null): Promise<string | null> {
    this.reading = true;
    try {
      const read = await this.read(file, studyName);
      switch (read.kind) {
        case 'pick': {
          const fileName = 'name' in file && typeof file.name === 'string' ? file.name : '';
          this.choice = { file, fileName, studies: read.studies };
          this.library.message = { tone: 'info', text: `${fileName === '' ? 'This Optuna journal' : `“${fileName}”`} holds ${read.studies.length} studies: pick the one to import.` };
          return null;
        }
        case 'study':
          return await this.library.importFile(file, () => Promise.resolve(read.imported));
        case 'refused':
          return await this.library.importFile(file, () => Promise.reject(read.error));
        default: {
          const unreachable: never = read;
          return unreachable;
        }
      }
    } finally {
      this.reading = false;
    }
  }
}
