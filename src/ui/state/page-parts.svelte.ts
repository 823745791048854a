/**
 * The page's state beyond the Race: the setup being edited, the saved studies, the inspector, the
 * manual duel and the user's data sources, with what starts, resumes, opens and watches studies.
 * AppState (app.svelte.ts) loads this module once the page is idle after its first paint (or at
 * once, for a shared setup link or a view opened sooner), so that a first visit's first task
 * neither fetches nor evaluates the code only the other views need (persistence, Optuna files,
 * data sources, the setup editor).
 *
 * A study on the user's data stores its data before the study itself (a study that cannot store
 * its data is not started), and resuming one whose data is not in this browser first asks for it
 * (`missingData`, shown in the Saved view).
 */
import type { BackendReport } from '../../training';
import { loadStudy } from '../../tuner';
import { continueProblem, originLabel, pageStudyStore, resumeStudy, setupFromHash, shareUrl, type ResumedStudy, type SavedStudyRecord, type StudyStore } from '../persistence';
import { dataSources as pageDataSources, type DataSources } from '../data/data-sources.svelte';
import { MissingDataRequest } from '../data/missing-data.svelte';
import { messageOf } from './library-messages';
import { SAMPLER_LABELS } from '../palette';
import type { BackendProbe } from './backend-probe.svelte';
import { InspectorState, type InspectorSource } from './inspector.svelte';
import { ManualDuel } from './manual-duel.svelte';
import type { RaceState } from '../race/race.svelte';
import { SetupEditor } from '../setup/setup-editor.svelte';
import { StudyLibrary } from './study-library.svelte';
import { StudySession, type SessionDeps } from './study-session.svelte';
import { validateSetup, type SetupConfig } from '../setup/setup-config';
import { objectiveLabel, objectiveOf } from '../setup/objective';
import { workerCheckpoints } from './trial-backends';

/** The page's views: app.svelte.ts's ViewId, spelled out here because app.svelte.ts loads this module. */
type ViewId = 'setup' | 'run' | 'race' | 'inspector' | 'manual' | 'results' | 'saved';

/** What the parts read and change of the page's state (AppState). */
export interface PageHost {
  view: ViewId;
  session: StudySession | null;
  notice: string | null;
  shareLink: string | null;
  missingData: MissingDataRequest | null;
  storingData: boolean;
  readonly probe: BackendProbe;
  readonly race: RaceState;
}

export interface PartsDeps {
  readonly session: SessionDeps;
  readonly openStore?: () => Promise<StudyStore>;
  /** Page location for share links and the shared setup. */
  readonly location: { readonly href: string; readonly hash: string };
  /** The user's data sources; default the page's registry. */
  readonly dataSources?: DataSources;
}

export class PageParts {
  readonly setup = new SetupEditor();
  readonly inspector = new InspectorState();
  readonly manual = new ManualDuel();
  readonly library: StudyLibrary;
  readonly dataSources: DataSources;
  /** Stops feeding a watched study (one another tab runs). */
  private unwatch: (() => void) | null = null;

  constructor(
    private readonly host: PageHost,
    private readonly deps: PartsDeps,
  ) {
    this.setup.realCheckpoints = workerCheckpoints();
    this.library = new StudyLibrary({ openStore: deps.openStore ?? pageStudyStore });
    this.dataSources = deps.dataSources ?? pageDataSources;
  }

  /** Applies a setup shared in the URL's hash (and says so), then opens the saved studies. */
  async init(): Promise<void> {
    const host = this.host;
    const shared = setupFromHash(this.deps.location.hash);
    switch (shared.kind) {
      case 'setup':
        this.setup.load(shared.setup);
        host.view = 'setup';
        host.notice = 'Loaded the setup from the shared link.';
        break;
      case 'invalid':
        host.notice = `The shared link’s setup was ignored: ${shared.message}`;
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

  /** See AppState.startStudy. */
  async startStudy(): Promise<void> {
    const host = this.host;
    const config = this.setup.config;
    if (config === null) return;
    if (config.strategy === 'manual') {
      host.view = 'manual';
      return;
    }
    if (config.data !== undefined) {
      if (host.storingData) return; // a second click while the first one stores the data
      host.storingData = true;
      host.notice = 'Storing your data in this browser before the study starts…';
      try {
        // Without storage (private mode) the data is used from memory, for this visit only.
        if (this.library.available === false) await this.dataSources.sourcesFor(config);
        else await this.dataSources.storeFor(config);
        host.notice = null;
      } catch (error) {
        host.notice = `The study was not started: ${messageOf(error)}`;
        return;
      } finally {
        host.storingData = false;
      }
    }
    if (host.session?.running) host.session.stop();
    const session = StudySession.fresh(config, this.withBadge());
    this.adopt(session);
    this.library.track(session);
    host.view = 'run';
    // Start after the Run view has rendered, so the two never share one long task.
    setTimeout(() => void session.start(), 0);
  }

  /** See AppState.resume. */
  async resume(id: string): Promise<void> {
    const host = this.host;
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
    if (host.session?.running) host.session.stop();
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
    host.view = 'run';
    if (session.remainingTrials > 0) setTimeout(() => void session.start(), 0);
  }

  /** See AppState.open. */
  async open(id: string): Promise<void> {
    if (this.library.live.has(id)) return this.watch(id, 'run');
    const record = await this.library.get(id);
    if (record === null) return;
    try {
      // A study whose parameters fit no task here (imported from Optuna) opens for its results only.
      const { session } = continueProblem(record.setup)?.kind === 'no-task' ? viewedSession(record, this.withBadge()) : resumedSession(record, this.withBadge());
      this.adopt(session);
      this.library.show(id);
      this.host.view = 'results';
    } catch (error) {
      this.library.message = { tone: 'error', text: `This saved study cannot be opened: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  /** Asks for a saved study's data before it resumes, when that data is not in this browser; true when it asked. */
  private async askForMissingData(id: string): Promise<boolean> {
    const setup = await this.library.savedSetup(id);
    return setup !== null && this.requestData(setup, () => this.resume(id));
  }

  /** See AppState.requestData. */
  async requestData(setup: SetupConfig, onFound: () => void | Promise<void>): Promise<boolean> {
    if (setup.data === undefined) return false;
    const missing = await this.dataSources.missing(setup);
    if (missing.length === 0) return false;
    this.host.missingData = new MissingDataRequest(missing, {
      sources: this.dataSources,
      onFound: () => {
        this.host.missingData = null;
        return onFound();
      },
    });
    this.host.view = 'saved';
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
    if (this.host.session?.running) this.host.session.stop();
    this.adopt(session);
    this.library.show(id);
    this.unwatch = this.library.watch(id, afterSeq, (news) => (news.kind === 'trials' ? session.showStored(news.trials) : session.ownerGone()));
    this.host.view = view;
  }

  /** See AppState.share. */
  share(): void {
    const config = this.setup.config;
    if (config === null) return;
    this.host.shareLink = shareUrl(this.deps.location.href, config);
  }

  /** See AppState.inspectorSources. */
  inspectorSources(): InspectorSource[] {
    const { session: s, race } = this.host;
    const sources: InspectorSource[] = [];
    if (s !== null && s.trials.length > 0) {
      const origin = this.library.trackedOrigin;
      const kind = origin !== null ? originLabel(origin) : s.setup.strategy === 'manual' ? 'manual' : SAMPLER_LABELS[s.setup.strategy];
      sources.push({ label: `Current study (${kind})`, study: { space: s.setup.space, direction: s.study.direction, seed: s.setup.seed, trials: s.trials }, valueLabel: objectiveLabel(s.setup, objectiveOf(s.setup)) });
    }
    const gpRun = race.runs.find((r) => r.strategy === 'gp' && r.repeat === race.shownRepeat) ?? race.runs.find((r) => r.strategy === 'gp');
    if (gpRun !== undefined && gpRun.trials.length > 0) {
      const space = race.space;
      // Named by what the visitor chose (the race's seed, and which repeat), not by the run's derived seed.
      const { seed, repeats } = race.raced;
      const repeated = race.runs.filter((r) => r.strategy === 'gp').length > 1;
      const repeat = repeated ? `, repeat ${gpRun.repeat + 1} of ${repeats}` : '';
      if (space !== null) sources.push({ label: `Race: ${SAMPLER_LABELS.gp}, seed ${seed}${repeat}`, study: { space, direction: 'minimize', seed: gpRun.seed, trials: gpRun.trials }, valueLabel: race.valueLabel });
    }
    if (this.manual.gpTrials.length > 0) {
      sources.push({ label: 'Manual duel: the GP', study: { space: this.manual.space, direction: 'minimize', seed: this.manual.seed, trials: this.manual.gpTrials }, valueLabel: 'Branin function value' });
    }
    return sources;
  }

  private adopt(session: StudySession): void {
    this.unwatch?.();
    this.unwatch = null;
    this.host.session = session;
  }

  /** Session deps that also feed the header badge with the backends the workers got. */
  private withBadge(): SessionDeps {
    const base = this.deps.session;
    const probe = this.host.probe;
    return {
      ...base,
      backend: (setup, options) =>
        base.backend(setup, {
          ...options,
          onWorkerBackend: (slot: number, report: BackendReport) => {
            options.onWorkerBackend?.(slot, report);
            probe.adopt(report);
          },
          onWorkerFailure: (slot: number, reason: string) => {
            options.onWorkerFailure?.(slot, reason);
            probe.workersFailed(reason);
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
