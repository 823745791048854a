/**
 * The whole page's state: which view is open, the setup being edited, the study being run (and
 * autosaved), the race, the inspector, the manual duel, the saved studies and the backend badge.
 * Views are thin: they read these and call their methods.
 *
 * The Race (the landing view) needs only the race, the backend badge and the study run; the rest
 * (page-parts.svelte.ts: the setup editor, the saved studies, the inspector, the manual duel, the
 * user's data, and what starts and resumes studies) is a chunk of its own, loaded by `load()` once
 * the page is idle after its first paint, or at once when a view that needs it opens. Its fields
 * (`setup`, `library`, …) are there from then on: the lazily loaded views wait for it
 * (view-loader.svelte.ts), and `loaded` says whether it is there yet.
 */
import type { DataSources } from '../data/data-sources.svelte';
import type { MissingDataRequest } from '../data/missing-data.svelte';
import type { StudyStore } from '../persistence';
import { BackendProbe } from './backend-probe.svelte';
import type { InspectorSource, InspectorState } from './inspector.svelte';
import type { ManualDuel } from './manual-duel.svelte';
import type { PageParts } from './page-parts.svelte';
import { RaceState } from '../race/race.svelte';
import type { SetupEditor } from '../setup/setup-editor.svelte';
import type { SetupConfig } from '../setup/setup-config';
import type { StudyLibrary } from './study-library.svelte';
import type { SessionDeps, StudySession } from './study-session.svelte';

export const VIEWS = ['setup', 'run', 'race', 'inspector', 'manual', 'results', 'saved'] as const;
export type ViewId = (typeof VIEWS)[number];

export const VIEW_LABELS: Readonly<Record<ViewId, string>> = {
  setup: 'Setup',
  run: 'Run',
  race: 'Race',
  inspector: 'Inspector',
  manual: 'Manual',
  results: 'Results',
  saved: 'Saved',
};

export interface AppDeps {
  readonly session?: SessionDeps;
  readonly openStore?: () => Promise<StudyStore>;
  readonly probe?: BackendProbe;
  /** Page location for share links and the shared setup; default `location`. */
  readonly location?: { readonly href: string; readonly hash: string };
  /** The user's data sources; default the page's registry. */
  readonly dataSources?: DataSources;
}

/** Trial backends for the page's studies: its module (workers, datasets, data sources) is fetched with the first study. */
const PAGE_SESSION_DEPS: SessionDeps = {
  backend: (setup, options) => import('./trial-backends').then(({ createTrialBackend }) => createTrialBackend(setup, options)),
};

export class AppState {
  view = $state<ViewId>('race');
  readonly probe: BackendProbe;
  readonly race: RaceState;
  session = $state.raw<StudySession | null>(null);
  /** A message about the shared-link setup, or the link just made. */
  notice = $state<string | null>(null);
  shareLink = $state<string | null>(null);
  /** A saved study's data that must be chosen again before it resumes; null when none is asked for. */
  missingData = $state.raw<MissingDataRequest | null>(null);
  /** Whether a study's data is being stored before it starts. */
  storingData = $state(false);

  private readonly sessionDeps: SessionDeps;
  /** The rest of the page's state, once loaded (page-parts.svelte.ts). */
  private parts = $state.raw<PageParts | null>(null);
  private loading: Promise<PageParts> | null = null;
  /** The parts' shared-setup reading and opening of the saved studies, once they are loaded. */
  private opening: Promise<void> | null = null;

  constructor(private readonly deps: AppDeps = {}) {
    this.sessionDeps = deps.session ?? PAGE_SESSION_DEPS;
    this.probe = deps.probe ?? new BackendProbe();
    this.race = new RaceState({ session: this.sessionDeps });
  }

  /** Whether the state beyond the Race (`setup`, `library`, `inspector`, `manual`, `dataSources`) is loaded. */
  get loaded(): boolean {
    return this.parts !== null;
  }

  get setup(): SetupEditor {
    return this.loadedParts('setup').setup;
  }

  get inspector(): InspectorState {
    return this.loadedParts('inspector').inspector;
  }

  get manual(): ManualDuel {
    return this.loadedParts('manual').manual;
  }

  get library(): StudyLibrary {
    return this.loadedParts('library').library;
  }

  get dataSources(): DataSources {
    return this.loadedParts('dataSources').dataSources;
  }

  /**
   * Loads the state beyond the Race (once; a failed load is tried again by the next call). It then
   * reads a shared setup from the URL and opens the saved studies (`init` waits for that too).
   */
  load(): Promise<PageParts> {
    this.loading ??= import('./page-parts.svelte').then(
      ({ PageParts }) => {
        const parts = new PageParts(this, {
          session: this.sessionDeps,
          location: this.deps.location ?? location,
          ...(this.deps.openStore === undefined ? {} : { openStore: this.deps.openStore }),
          ...(this.deps.dataSources === undefined ? {} : { dataSources: this.deps.dataSources }),
        });
        this.parts = parts;
        this.opening = parts.init();
        return parts;
      },
      (error: unknown) => {
        this.loading = null;
        throw error;
      },
    );
    return this.loading;
  }

  /** Loads the state beyond the Race, reads a shared setup from the URL and opens the saved studies. */
  async init(): Promise<void> {
    await this.load();
    await this.opening;
  }

  /** Checks the backend the setup prefers (starts one worker). */
  probeBackend(): Promise<void> {
    return this.probe.probe(this.parts?.setup.backend ?? 'auto');
  }

  /**
   * Starts a new study from the setup (manual strategy: opens the duel instead). A study on the
   * user's data stores that data first; when it cannot, the study is not started and `notice` says why.
   */
  async startStudy(): Promise<void> {
    return (await this.load()).startStudy();
  }

  /**
   * Continues a saved study (interrupted trials run again first), or takes over one whose tab has
   * gone. A study another tab still runs is shown live instead, read-only.
   */
  async resume(id: string): Promise<void> {
    return (await this.load()).resume(id);
  }

  /** Runs the rest of the study shown (opened for its results, or stopped by an error). */
  continueStudy(): Promise<void> {
    const id = this.library.trackedId;
    return id === null ? Promise.resolve() : this.resume(id);
  }

  /** Opens a saved study for its results without running it (live, read-only, when another tab runs it). */
  async open(id: string): Promise<void> {
    return (await this.load()).open(id);
  }

  /**
   * Asks, in the Saved view, for the data `setup` names that is in this browser no more (or never
   * was: a study imported without it); `onFound` goes on once all of it is chosen. False (asking
   * nothing) when every file is here.
   */
  async requestData(setup: SetupConfig, onFound: () => void | Promise<void>): Promise<boolean> {
    return (await this.load()).requestData(setup, onFound);
  }

  /** Starts the race; a real-task race uses the Setup view's settings when they are for its task. */
  startRace(): void {
    this.race.baseSetup = this.parts?.setup.config ?? null;
    void this.race.run();
  }

  share(): void {
    this.loadedParts('share').share();
  }

  /** Studies the inspector can look into. */
  get inspectorSources(): InspectorSource[] {
    return this.loadedParts('inspectorSources').inspectorSources();
  }

  private loadedParts(what: string): PageParts {
    if (this.parts === null) throw new Error(`AppState.${what} is read before the page's state is loaded: await app.load() first`);
    return this.parts;
  }
}
