/**
 * `npm run bench:race`: the Race view at its largest (every entry, 20 repeats, 200 trials each) in
 * headless Chromium, through the page's own controls: wall time, and the main-thread long tasks
 * (over 50 ms) seen while it ran, with their distribution. The target is none; the e2e test
 * (tests/e2e/race-limits.test.ts) races a smaller size within CI's minutes. With `--profile`, a
 * CPU profile of the race says which functions the long tasks spent their time in (profile.ts);
 * with `--screenshot FILE`, the finished race is saved as a full-page PNG.
 *
 * Usage: tsx bench/race/main.ts [--repeats R] [--trials T] [--profile] [--screenshot FILE]   (defaults: the limits, 20 and 200)
 */
import { MAX_RACE_REPEATS, MAX_RACE_TRIALS } from '../../src/ui/limits';
import { openPage } from '../../tests/e2e/page-helpers';
import { describeLongTasks, sizeRace, timeRace } from '../../tests/e2e/race-load';
import { positiveInt, readFlags, UsageError } from '../flags';
import { describeProfile, startProfile } from './profile';

const USAGE = 'Usage: tsx bench/race/main.ts [--repeats R] [--trials T] [--profile] [--screenshot FILE]';

interface BenchOptions {
  readonly repeats: number;
  readonly budget: number;
  readonly profile: boolean;
  readonly screenshot: string | null;
}

function parse(argv: readonly string[]): BenchOptions {
  let repeats = MAX_RACE_REPEATS;
  let budget = MAX_RACE_TRIALS;
  let profile = false;
  let screenshot: string | null = null;
  for (const flag of readFlags(argv)) {
    switch (flag.name) {
      case '--repeats':
        repeats = positiveInt(flag.name, flag.value());
        break;
      case '--trials':
        budget = positiveInt(flag.name, flag.value());
        break;
      case '--profile':
        profile = true;
        break;
      case '--screenshot':
        screenshot = flag.value();
        break;
      default:
        throw new UsageError(`unknown flag ${flag.text}`);
    }
  }
  return { repeats, budget, profile, screenshot };
}

async function main(): Promise<void> {
  const { repeats, budget, profile, screenshot } = parse(process.argv.slice(2));
  const env = await openPage({ afterLandingRace: true });
  try {
    await sizeRace(env.page, { entries: 'all', repeats, budget });
    const profiler = profile ? await startProfile(env.page) : null;
    const load = await timeRace(env.page, 1_800_000);
    const bins = [50, 100, 200, 400, 800, Infinity];
    const counts = bins.map((hi, i) => {
      const lo = i === 0 ? 0 : (bins[i - 1] as number);
      return `${lo}–${hi === Infinity ? '∞' : hi} ms: ${load.longTasks.filter((t) => t > lo && t <= hi).length}`;
    });
    console.log(`Race, every entry × ${repeats} repeats × ${budget} trials: ${load.status.trim()}`);
    console.log(`wall ${load.wallSeconds.toFixed(1)} s; ${describeLongTasks(load.longTasks)}`);
    console.log(`long tasks by duration: ${counts.join(' · ')}`);
    if (profiler !== null) console.log(describeProfile(await profiler.stop()));
    if (screenshot !== null) await env.page.screenshot({ path: screenshot, fullPage: true });
  } finally {
    await env.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `${error.message}\n${USAGE}` : error);
  process.exit(1);
});
