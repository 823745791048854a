/**
 * The whole page's state: which view is open, the setup being edited, the study being run (and
 * autosaved), the race, the inspector, the manual duel, the saved studies and the backend badge.
 * Views are thin: they read these and call their methods.
 *
 * A study on the user's data stores its data before the study itself (a study that cannot store
 * its data is not started), and resuming one whose data is not in this browser first asks for it
 * (`missingData`, shown in the Saved view).
 */
import type { BackendReport } from '../../training';
import { loadStudy } from '../../tuner';
import { continueProblem, pageStudyStore, resumeStudy, setupFromHash, shareUrl, type ResumedStudy, type SavedStudyRecord, type StudyStore } from '../persistence';
import { dataSources as pageDataSources, type DataSources } from '../data/data-sources.svelte';
import { MissingDataRequest } from '../data/missing-data.svelte';
import { messageOf } from './library-messages';
import { SAMPLER_LABELS } from '../palette';
import { BackendProbe } from './backend-probe.svelte';
import { InspectorState, type InspectorSource } from './inspector.svelte';
import { ManualDuel } from './manual-duel.svelte';
import { RaceState } from '../race/race.svelte';
import { SetupEditor } from '../setup/setup-editor.svelte';
import { StudyLibrary } from './study-library.svelte';
import { StudySession, type SessionDeps } from './study-session.svelte';
import { validateSetup, type SetupConfig } from '../setup/setup-config';
import { objectiveLabel, objectiveOf } from '../setup/objective';
import { createTrialBackend, workerCheckpoints } from './trial-backends';

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

export class AppState {
  view = $state<ViewId>('race');
  readonly setup = new SetupEditor();
  readonly probe: BackendProbe;
  readonly race: RaceState;
  readonly inspector = new InspectorState();
  readonly manual = new ManualDuel();
  readonly library: StudyLibrary;
  session = $state.raw<StudySession | null>(null);
  /** A message about the shared-link setup, or the link just made. */
  notice = $state<string | null>(null);
  shareLink = $state<string | null>(null);
  /** A saved study's data that must be chosen again before it resumes; null when none is asked for. */
  missingData = $state.raw<MissingDataRequest | null>(null);
  readonly dataSources: DataSources;
  /** Whether a study's data is being stored before it starts. */
  storingData = $state(false);

  private readonly sessionDeps: SessionDeps;
  /** Stops feeding a watched study (one another tab runs). */
  private unwatch: (() => void) | null = null;

  constructor(private readonly deps: AppDeps = {}) {
    this.sessionDeps = deps.session ?? { backend: createTrialBackend };
    this.probe = deps.probe ?? new BackendProbe();
    this.setup.realCheckpoints = workerCheckpoints();
    this.race = new RaceState({ session: this.sessionDeps });
    this.library = new StudyLibrary({ openStore: deps.openStore ?? pageStudyStore });
    this.dataSources = deps.dataSources ?? pageDataSources;
  }

  /** Reads a shared setup from the URL, opens the saved studies and checks the backend. */
  async init(): Promise<void> {
    const shared = setupFromHash(this.deps.location?.hash ?? location.hash);
    switch (shared.kind) {
      case 'setup':
        this.setup.load(shared.setup);
        this.view = 'setup';
        this.notice = 'Loaded the setup from the shared link.';
        break;
      case 'invalid':
        this.notice = `The shared link’s setup was ignored: ${shared.message}`;
        break;
      case 'none':
        break;
      default: {
        const unreachable: never = shared;
        return unreachable;
      }
    }
    await this.library.open();
  }

  /** Checks the backend the setup prefers (starts one worker). */
  probeBackend(): Promise<void> {
    return this.probe.probe(this.setup.backend);
  }

  /**
   * Starts a new study from the setup (manual strategy: opens the duel instead). A study on the
   * user's data stores that data first; when it cannot, the study is not started and `notice` says why.
   */
  async startStudy(): Promise<void> {
    const config = this.setup.config;
    if (config === null) return;
    if (config.strategy === 'manual') {
      this.view = 'manual';
      return;
    }
    if (config.data !== undefined) {
      if (this.storingData) return; // a second click while the first one stores the data
      this.storingData = true;
      this.notice = 'Storing your data in this browser before the study starts…';
      try {
        // Without storage (private mode) the data is used from memory, for this visit only.
        if (this.library.available === false) await this.dataSources.sourcesFor(config);
        else await this.dataSources.storeFor(config);
        this.notice = null;
      } catch (error) {
        this.notice = `The study was not started: ${messageOf(error)}`;
        return;
      } finally {
        this.storingData = false;
      }
    }
    if (this.session?.running) this.session.stop();
    const session = StudySession.fresh(config, this.withBadge());
    this.adopt(session);
    this.library.track(session);
    this.view = 'run';
    // Start after the Run view has rendered, so the two never share one long task.
    setTimeout(() => void session.start(), 0);
  }

  /**
   * Continues a saved study (interrupted trials run again first), or takes over one whose tab has
   * gone. A study another tab still runs is shown live instead, read-only.
   */
  async resume(id: string): Promise<void> {
    if (this.library.trackedId === id) await this.library.flush();
    const blocked = this.library.continueChecks.problems.get(id);
    if (blocked !== undefined) {
      this.library.message = { tone: 'error', text: `This saved study cannot be resumed: ${blocked.message}.` };
      return;
    }
    if (await this.askForMissingData(id)) return;
    if (!(await this.library.claim(id))) {
      this.library.message = { tone: 'info', text: 'Another tab is running this study: it is shown here live, read-only, until that tab lets it go.' };
      await this.watch(id, 'run');
      return;
    }
    const record = await this.library.get(id);
    if (record === null) return;
    if (this.session?.running) this.session.stop();
    let resumed: { session: StudySession; interrupted: readonly number[] };
    try {
      resumed = resumedSession(record, this.withBadge());
    } catch (error) {
      this.library.message = { tone: 'error', text: `This saved study cannot be resumed: ${error instanceof Error ? error.message : String(error)}` };
      return;
    }
    const { session } = resumed;
    this.setup.load(session.setup);
    this.adopt(session);
    this.library.track(session, { record, unsaved: resumed.interrupted });
    this.view = 'run';
    if (session.remainingTrials > 0) setTimeout(() => void session.start(), 0);
  }

  /** Runs the rest of the study shown (opened for its results, or stopped by an error). */
  continueStudy(): Promise<void> {
    const id = this.library.trackedId;
    return id === null ? Promise.resolve() : this.resume(id);
  }

  /** Opens a saved study for its results without running it (live, read-only, when another tab runs it). */
  async open(id: string): Promise<void> {
    if (this.library.live.has(id)) return this.watch(id, 'run');
    const record = await this.library.get(id);
    if (record === null) return;
    try {
      // A study whose parameters fit no task here (imported from Optuna) opens for its results only.
      const { session } = continueProblem(record.setup)?.kind === 'no-task' ? viewedSession(record, this.withBadge()) : resumedSession(record, this.withBadge());
      this.adopt(session);
      this.library.show(id);
      this.view = 'results';
    } catch (error) {
      this.library.message = { tone: 'error', text: `This saved study cannot be opened: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  /** Asks for a saved study's data before it resumes, when that data is not in this browser; true when it asked. */
  private async askForMissingData(id: string): Promise<boolean> {
    const setup = await this.library.savedSetup(id);
    return setup !== null && this.requestData(setup, () => this.resume(id));
  }

  /**
   * Asks, in the Saved view, for the data `setup` names that is in this browser no more (or never
   * was: a study imported without it); `onFound` goes on once all of it is chosen. False (asking
   * nothing) when every file is here.
   */
  async requestData(setup: SetupConfig, onFound: () => void | Promise<void>): Promise<boolean> {
    if (setup.data === undefined) return false;
    const missing = await this.dataSources.missing(setup);
    if (missing.length === 0) return false;
    this.missingData = new MissingDataRequest(missing, {
      sources: this.dataSources,
      onFound: () => {
        this.missingData = null;
        return onFound();
      },
    });
    this.view = 'saved';
    return true;
  }

  /** Shows a study another tab runs, live and read-only, until that tab lets it go (then it may be taken over). */
  private async watch(id: string, view: ViewId): Promise<void> {
    const afterSeq = (await this.library.nextSeq(id)) - 1;
    const record = await this.library.get(id);
    if (record === null) return;
    let session: StudySession;
    try {
      session = StudySession.watching(validateSetup(record.setup), loadStudy(record.study), this.withBadge());
    } catch (error) {
      this.library.message = { tone: 'error', text: `This saved study cannot be opened: ${error instanceof Error ? error.message : String(error)}` };
      return;
    }
    if (this.session?.running) this.session.stop();
    this.adopt(session);
    this.library.show(id);
    this.unwatch = this.library.watch(id, afterSeq, (news) => (news.kind === 'trials' ? session.showStored(news.trials) : session.ownerGone()));
    this.view = view;
  }

  /** Starts the race; a real-task race uses the Setup view's settings when they are for its task. */
  startRace(): void {
    this.race.baseSetup = this.setup.config;
    void this.race.run();
  }

  share(): void {
    const config = this.setup.config;
    if (config === null) return;
    this.shareLink = shareUrl(this.deps.location?.href ?? location.href, config);
  }

  /** Studies the inspector can look into. */
  get inspectorSources(): InspectorSource[] {
    const sources: InspectorSource[] = [];
    if (this.session !== null && this.session.trials.length > 0) {
      const s = this.session;
      sources.push({ label: `Current study (${s.setup.strategy === 'manual' ? 'manual' : SAMPLER_LABELS[s.setup.strategy]})`, study: { space: s.setup.space, direction: s.study.direction, seed: s.setup.seed, trials: s.trials }, valueLabel: objectiveLabel(s.setup, objectiveOf(s.setup)) });
    }
    const gpRun = this.race.runs.find((r) => r.strategy === 'gp' && r.repeat === this.race.shownRepeat) ?? this.race.runs.find((r) => r.strategy === 'gp');
    if (gpRun !== undefined && gpRun.trials.length > 0) {
      const space = this.race.space;
      // Named by what the visitor chose (the race's seed, and which repeat), not by the run's derived seed.
      const { seed, repeats } = this.race.raced;
      const repeated = this.race.runs.filter((r) => r.strategy === 'gp').length > 1;
      const repeat = repeated ? `, repeat ${gpRun.repeat + 1} of ${repeats}` : '';
      if (space !== null) sources.push({ label: `Race: ${SAMPLER_LABELS.gp}, seed ${seed}${repeat}`, study: { space, direction: 'minimize', seed: gpRun.seed, trials: gpRun.trials }, valueLabel: this.race.valueLabel });
    }
    if (this.manual.gpTrials.length > 0) {
      sources.push({ label: 'Manual duel: the GP', study: { space: this.manual.space, direction: 'minimize', seed: this.manual.seed, trials: this.manual.gpTrials }, valueLabel: 'Branin function value' });
    }
    return sources;
  }

  private adopt(session: StudySession): void {
    this.unwatch?.();
    this.unwatch = null;
    this.session = session;
  }

  /** Session deps that also feed the header badge with the backends the workers got. */
  private withBadge(): SessionDeps {
    const base = this.sessionDeps;
    return {
      ...base,
      backend: (setup, options) =>
        base.backend(setup, {
          ...options,
          onWorkerBackend: (slot: number, report: BackendReport) => {
            options.onWorkerBackend?.(slot, report);
            this.probe.adopt(report);
          },
          onWorkerFailure: (slot: number, reason: string) => {
            options.onWorkerFailure?.(slot, reason);
            this.probe.workersFailed(reason);
          },
        }),
    };
  }
}

/** A saved study ready to go on; `interrupted`: trials it marked failed (not yet stored so). */
function resumedSession(record: SavedStudyRecord, deps: SessionDeps): { session: StudySession; interrupted: readonly number[] } {
  let resumed: ResumedStudy | null = null;
  const session = StudySession.resumed(
    record.setup,
    (sampler, clock) => {
      resumed = resumeStudy(record, { sampler, clock });
      return resumed;
    },
    deps,
    Math.max(0, ...record.study.trials.map((t) => t.endedAt ?? t.startedAt)),
    record.scheduler,
  );
  return { session, interrupted: (resumed as ResumedStudy | null)?.interruptedTrialIds ?? [] };
}

/** A saved study shown for its results only: its setup is not one this page runs, so it is not validated, and nothing is re-queued. */
function viewedSession(record: SavedStudyRecord, deps: SessionDeps): { session: StudySession; interrupted: readonly number[] } {
  const resumeAtMs = record.study.trials.reduce((last, t) => Math.max(last, t.endedAt ?? t.startedAt), 0);
  const session = StudySession.resumed(record.setup, (sampler, clock) => ({ study: loadStudy(record.study, { sampler, clock }) }), deps, resumeAtMs);
  return { session, interrupted: [] };
}
