/**
 * Studies to and from Optuna through the page, checked against real Optuna (tests needing it fail,
 * never skip, where no Python imports it). A journal that real Optuna wrote is imported in Saved:
 * its trials, best value and best params match Optuna's, and the study (on Branin's parameters)
 * can be resumed here; a journal with several studies asks which one, and a study whose parameters
 * fit no task says in its row why it cannot continue here. Export for Optuna, from Results and from
 * Saved, downloads a journal that Optuna loads with the same trials and continues, and a script
 * naming it. Every broken journal is refused with its line and problem, and changes nothing saved.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPython, scratchFolder } from '../tuner/optuna/optuna-python';
import { importStudyFile, libraryReady, screenshot, showView, SLOW, usePage } from './page-helpers';

const env = usePage({ stopLandingRace: true });

interface OptunaApp {
  tunerApp: {
    view: string;
    session: { trials: { id: number; state: string; params: Record<string, unknown> }[]; phase: { kind: string; finish?: string; message?: string }; stop(): void } | null;
    library: {
      summaries: { id: string; name: string; status: string; trialCount: number; bestValue: number | null }[];
      get(id: string): Promise<{ name: string; study: { trials: { state: string; value: number | null; params: Record<string, unknown> }[] } } | null>;
    };
  };
}

/** Real Optuna writes the fixtures: Branin with a pruned and a failed trial; a journal of two studies, one with two objectives. */
const MAKE_FIXTURES = String.raw`
import json, math, sys
import optuna
optuna.logging.set_verbosity(optuna.logging.WARNING)

def storage(path):
    return optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(path))

def branin(x1, x2):
    b = 5.1 / (4 * math.pi ** 2)
    return (x2 - b * x1 * x1 + 5 / math.pi * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x1) + 10

def branin_objective(trial):
    x1 = trial.suggest_float("x1", -5, 10)
    x2 = trial.suggest_float("x2", 0, 15)
    value = branin(x1, x2)
    for step in range(3):
        trial.report(value + 3 - step, step)
    if trial.number == 2:
        raise optuna.TrialPruned()
    if trial.number == 4:
        raise RuntimeError("diverged")
    return value

branin_study = optuna.create_study(study_name="optuna-branin", storage=storage(sys.argv[1]), sampler=optuna.samplers.TPESampler(seed=1))
branin_study.optimize(branin_objective, n_trials=8, catch=(RuntimeError,))

def mlp_objective(trial):
    lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
    layers = trial.suggest_int("n_layers", 1, 4)
    optimizer = trial.suggest_categorical("optimizer", ["adam", "sgd"])
    return abs(math.log10(lr) + 3) + 0.1 * layers + (0.2 if optimizer == "sgd" else 0)

two = storage(sys.argv[2])
mlp = optuna.create_study(study_name="optuna-mlp", storage=two, sampler=optuna.samplers.RandomSampler(seed=2))
mlp.optimize(mlp_objective, n_trials=5)
pareto = optuna.create_study(study_name="pareto", storage=two, directions=["minimize", "maximize"], sampler=optuna.samplers.RandomSampler(seed=3))
pareto.optimize(lambda t: (t.suggest_float("a", 0, 1), t.suggest_float("b", 0, 1)), n_trials=3)

print(json.dumps({
    "branin": {"best_value": branin_study.best_value, "best_params": branin_study.best_params,
               "states": [t.state.name for t in branin_study.trials]},
    "mlp": {"best_value": mlp.best_value},
}))
`;

/** Loads a downloaded journal with Optuna, prints its trials, then continues the study for three trials with TPE. */
const CHECK_EXPORT = String.raw`
import json, math, sys
import optuna
optuna.logging.set_verbosity(optuna.logging.WARNING)
storage = optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(sys.argv[1]))
names = [s.study_name for s in optuna.get_all_study_summaries(storage)]
study = optuna.load_study(study_name=names[0], storage=storage, sampler=optuna.samplers.TPESampler(seed=4))
trials = [{"state": t.state.name, "value": t.value, "params": t.params, "intermediate": len(t.intermediate_values)} for t in study.trials]
def objective(trial):
    x1 = trial.suggest_float("x1", -5, 10)
    x2 = trial.suggest_float("x2", 0, 15)
    return (x1 - 1) ** 2 + (x2 - 2) ** 2
study.optimize(objective, n_trials=3)
print(json.dumps({"names": names, "trials": trials, "after": len(study.trials), "distributions": {k: type(v).__name__ for k, v in study.trials[0].distributions.items()}}))
`;

interface Fixtures {
  readonly branin: { readonly best_value: number; readonly best_params: Record<string, number>; readonly states: readonly string[] };
  readonly mlp: { readonly best_value: number };
}

let scratch: { dir: string; remove: () => Promise<void> };
let fixtures: Fixtures;

beforeAll(async () => {
  scratch = await scratchFolder();
  fixtures = JSON.parse(await runPython(MAKE_FIXTURES, [join(scratch.dir, 'branin.log'), join(scratch.dir, 'two.log')])) as Fixtures;
}, SLOW);
afterAll(async () => {
  await scratch?.remove();
});

const journalFile = async (name: string) => ({ name, mimeType: 'application/octet-stream', buffer: await readFile(join(scratch.dir, name)) });
const textFile = (name: string, text: string) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(text, 'utf8') });


function summaries(page: Page): Promise<OptunaApp['tunerApp']['library']['summaries']> {
  return page.evaluate(() => (window as unknown as OptunaApp).tunerApp.library.summaries.map((s) => ({ ...s })));
}

/** Clicks `button` and returns the file it downloads. */
async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

describe('studies to and from Optuna in the page', { timeout: SLOW }, () => {
  it('imports a journal real Optuna wrote: its trials, best value and best params, resumable on Branin', async () => {
    const { page } = env;
    await libraryReady(page);
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    const message = await importStudyFile(page, await journalFile('branin.log'));
    expect(workers.filter((url) => url.includes('study-file.worker'))).toHaveLength(1);
    expect(message).toMatch(/^Imported “optuna-branin” with 8 trials\. It was matched to the task "Synthetic: Branin landscape \(instant\)"/);
    const row = page.getByTestId('saved-row').filter({ hasText: 'optuna-branin' });
    await row.getByRole('button', { name: 'Resume' }).waitFor();
    const summary = (await summaries(page)).find((s) => s.name === 'optuna-branin');
    expect(summary?.trialCount).toBe(8);
    expect(summary?.bestValue).toBeCloseTo(fixtures.branin.best_value, 12);
    const record = await page.evaluate((id) => (window as unknown as OptunaApp).tunerApp.library.get(id), summary?.id as string);
    const expectedStates = fixtures.branin.states.map((s) => ({ COMPLETE: 'complete', PRUNED: 'pruned', FAIL: 'failed' })[s]);
    expect(record?.study.trials.map((t) => t.state)).toEqual(expectedStates);

    await row.getByRole('button', { name: 'Results' }).click();
    const best = page.getByTestId('best-objective');
    await best.waitFor();
    expect(await best.textContent()).toContain(fixtures.branin.best_value.toPrecision(5));
    const shownParams = await page.getByTestId('best-config').locator('dl').first().textContent();
    for (const name of Object.keys(fixtures.branin.best_params)) expect(shownParams).toContain(name);
  });

  it('exports for Optuna from Results and Saved: Optuna loads the journal with the same trials and continues it', async () => {
    const { page } = env;
    await showView(page, 'Results');
    await page.getByTestId('results-export-optuna').click();
    const journal = await download(page, () => page.getByTestId('optuna-export').getByTestId('optuna-journal').click());
    expect(journal.name).toMatch(/^optuna-branin-\d{4}-\d{2}-\d{2}\.optuna\.jsonl$/);
    await showView(page, 'Saved');
    const row = page.getByTestId('saved-row').filter({ hasText: 'optuna-branin' });
    await row.getByTestId('export-optuna').click();
    // The screenshot shows the backend the page settled on, not its check in progress.
    await page.waitForFunction(() => !(document.querySelector('[data-testid=backend-badge]')?.textContent ?? '').includes('checking'), undefined, { timeout: 60_000 });
    await screenshot(page, 'optuna-export');
    const script = await download(page, () => page.getByTestId('optuna-export').getByTestId('optuna-script').click());
    expect(script.name).toMatch(/^optuna-branin-\d{4}-\d{2}-\d{2}_optuna\.py$/);
    expect(script.text).toContain(journal.name);
    expect(script.text).toMatch(/suggest_float\(\s*["']x1["']/);
    // The panel names the script's own function to fill in, and flags the script takes.
    const named = await page.getByTestId('optuna-export').locator('code').allTextContents();
    const functions = named.filter((c) => /^\w+\(\)$/.test(c)).map((c) => c.slice(0, -2));
    expect(functions).toEqual(['train_and_evaluate']);
    for (const name of functions) expect(script.text).toContain(`def ${name}(`);
    for (const flag of named.filter((c) => c.startsWith('--'))) expect(script.text).toContain(`"${flag.split(' ')[0]}"`);

    const path = join(scratch.dir, journal.name);
    await writeFile(path, journal.text);
    const loaded = JSON.parse(await runPython(CHECK_EXPORT, [path])) as { names: string[]; trials: { state: string; value: number | null; params: Record<string, number> }[]; after: number; distributions: Record<string, string> };
    expect(loaded.names).toEqual(['optuna-branin']);
    expect(loaded.trials.map((t) => t.state)).toEqual(fixtures.branin.states);
    const complete = loaded.trials.filter((t) => t.state === 'COMPLETE').map((t) => t.value as number);
    expect(Math.min(...complete)).toBeCloseTo(fixtures.branin.best_value, 12);
    expect(loaded.distributions).toEqual({ x1: 'FloatDistribution', x2: 'FloatDistribution' });
    expect(loaded.after).toBe(loaded.trials.length + 3);
  });

  it('resumes the imported study on Branin: Optuna’s trials first, then the page’s own', async () => {
    const { page } = env;
    const record = await page.evaluate(async () => {
      const library = (window as unknown as OptunaApp).tunerApp.library;
      const id = library.summaries.find((s) => s.name === 'optuna-branin')?.id as string;
      return library.get(id);
    });
    await showView(page, 'Saved');
    await page.getByTestId('saved-row').filter({ hasText: 'optuna-branin' }).getByRole('button', { name: 'Resume' }).click();
    const imported = fixtures.branin.states.filter((s) => s === 'COMPLETE').length;
    // Three of the page's own trials complete, or the run ends (with an error, shown below).
    await page.waitForFunction(
      (n) => {
        const session = (window as unknown as OptunaApp).tunerApp.session;
        return session !== null && (session.phase.kind === 'finished' || session.trials.filter((t) => t.state === 'complete').length >= n);
      },
      imported + 3,
      { timeout: 120_000 },
    );
    const { trials, phase } = await page.evaluate(() => {
      const app = (window as unknown as OptunaApp).tunerApp;
      app.session?.stop();
      return { trials: (app.session?.trials ?? []).map((t) => ({ state: t.state, params: t.params })), phase: app.session?.phase };
    });
    expect(phase).not.toMatchObject({ finish: 'error' });
    expect(trials.slice(0, 8)).toEqual(record?.study.trials.map((t) => ({ state: t.state, params: t.params })));
    expect(trials.length).toBeGreaterThan(8);
  });

  it('asks which study to import from a journal of several; one that fits no task says why it cannot continue', async () => {
    const { page } = env;
    const message = await importStudyFile(page, await journalFile('two.log'));
    expect(message).toBe('“two.log” holds 2 studies: pick the one to import.');
    const picker = page.getByTestId('optuna-picker');
    await picker.waitFor();
    expect(await picker.getByRole('radio', { name: /pareto/ }).isDisabled()).toBe(true);
    expect(await picker.textContent()).toMatch(/pareto.*2 objectives: not supported yet/);
    await screenshot(page, 'optuna-picker');
    const before = (await summaries(page)).length;
    await picker.getByRole('radio', { name: /optuna-mlp/ }).check();
    await picker.getByTestId('optuna-pick').click();
    await page.waitForFunction(() => /^Imported “optuna-mlp” with 5 trials/.test(document.querySelector('[data-testid=library-message]')?.textContent ?? ''));
    expect((await summaries(page)).length).toBe(before + 1);
    const row = page.getByTestId('saved-row').filter({ hasText: 'optuna-mlp' });
    expect(await row.getByTestId('cannot-continue').textContent()).toMatch(/^Cannot continue here: its parameters \(lr, n_layers, optimizer\) fit none of this page’s tasks/);
    expect(await row.getByRole('button', { name: 'Resume' }).count()).toBe(0);
    // Its setup only shows its results: the row and the Run view show where it came from, not that setup's task and strategy.
    expect(await row.locator('td').nth(1).textContent()).toBe('from Optuna');
    const reason = ((await row.getByTestId('cannot-continue').textContent()) ?? '').replace(/^Cannot continue here: /, '').replace(/\. Use “For Optuna”.*$/, '');
    await row.getByRole('button', { name: 'Results' }).click();
    await page.getByTestId('best-objective').waitFor();
    await showView(page, 'Run');
    expect(await page.locator('h2').filter({ hasText: 'Imported from Optuna' }).textContent()).toBe('Imported from Optuna');
    expect(await page.getByTestId('worker-lane').count()).toBe(0);
    expect(await page.getByTestId('run-cannot-continue').textContent()).toContain(`cannot run here: ${reason}`);
    await screenshot(page, 'optuna-run-imported');
    await showView(page, 'Results');
    expect(await page.getByTestId('best-objective').textContent()).toContain(fixtures.mlp.best_value.toPrecision(5));
    await page.getByTestId('results-export-optuna').click();
    await page.getByTestId('optuna-export').waitFor();
    await screenshot(page, 'optuna-results');
  });

  it('refuses each broken journal naming its line and problem, and changes nothing saved', async () => {
    const { page } = env;
    const good = (await readFile(join(scratch.dir, 'branin.log'), 'utf8')).split('\n').filter((l) => l !== '');
    const firstOf = (op: number) => good.findIndex((l) => JSON.parse(l).op_code === op);
    const text = (lines: readonly string[]) => `${lines.join('\n')}\n`;
    const inserted = (at: number, line: string) => text([...good.slice(0, at), line, ...good.slice(at)]);
    /** The journal with line `at` (0-based) changed; `raw` edits its JSON text afterwards. */
    const changed = (at: number, changes: Record<string, unknown>, raw: (line: string) => string = (l) => l) =>
      text(good.map((line, i) => (i === at ? raw(JSON.stringify({ ...JSON.parse(line), ...changes })) : line)));
    const param = firstOf(5);
    const told = firstOf(6);
    const cases: { name: string; text: string; line: number; problem: RegExp }[] = [
      { name: 'not-json.jsonl', text: text(['this is not JSON', ...good]), line: 1, problem: /JSON/i },
      { name: 'unknown-op.jsonl', text: inserted(1, '{"op_code": 42, "worker_id": "w"}'), line: 2, problem: /42/ },
      { name: 'unknown-study.jsonl', text: inserted(1, '{"op_code": 4, "worker_id": "w", "study_id": 7, "datetime_start": "2024-01-01T00:00:00.000000"}'), line: 2, problem: /stud/i },
      { name: 'bad-distribution.jsonl', text: changed(param, { distribution: '{"name": "FloatDistribution", "attributes": ' }), line: param + 1, problem: /distribution/i },
      { name: 'outside.jsonl', text: changed(param, { param_value_internal: 50 }), line: param + 1, problem: /x1/ },
      { name: 'nan.jsonl', text: changed(told, { values: ['NaN-MARK'] }, (l) => l.replace('"NaN-MARK"', 'NaN')), line: told + 1, problem: /NaN/ },
    ];
    const before = await summaries(page);
    for (const bad of cases) {
      const message = await importStudyFile(page, textFile(bad.name, bad.text));
      console.log(`${bad.name}: ${message}`);
      expect(message).toMatch(new RegExp(`^Import refused: Optuna journal line ${bad.line}: `));
      expect(message).toMatch(bad.problem);
      if (bad.name === 'unknown-op.jsonl') await screenshot(page, 'optuna-import-error');
    }
    const huge = await importStudyFile(page, textFile('huge.jsonl', `${good[0]}\n${' '.repeat(21 * 1024 * 1024)}\n`));
    expect(huge).toMatch(/^Import refused: the Optuna journal is too large \(21\.0 MB\)/);
    expect(await summaries(page)).toEqual(before);
  });
});
