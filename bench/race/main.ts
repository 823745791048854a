/**
 * `npm run bench:race`: the Race view at its largest (every entry, 20 repeats, 200 trials each) in
 * headless Chromium, through the page's own controls: wall time, and the main-thread long tasks
 * (over 50 ms) seen while it ran, with their distribution. The target is none; the e2e test
 * (tests/e2e/race-limits.test.ts) races a smaller size within CI's minutes.
 *
 * Usage: tsx bench/race/main.ts [--repeats R] [--trials T]   (defaults: the limits, 20 and 200)
 */
import { MAX_RACE_REPEATS, MAX_RACE_TRIALS } from '../../src/ui/limits';
import { openPage } from '../../tests/e2e/page-helpers';
import { describeLongTasks, sizeRace, timeRace } from '../../tests/e2e/race-load';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive integer`);
  return value;
}

async function main(): Promise<void> {
  const repeats = option('repeats', MAX_RACE_REPEATS);
  const budget = option('trials', MAX_RACE_TRIALS);
  const env = await openPage({ afterLandingRace: true });
  try {
    await sizeRace(env.page, { entries: 'all', repeats, budget });
    const load = await timeRace(env.page, 1_800_000);
    const bins = [50, 100, 200, 400, 800, Infinity];
    const counts = bins.map((hi, i) => {
      const lo = i === 0 ? 0 : (bins[i - 1] as number);
      return `${lo}–${hi === Infinity ? '∞' : hi} ms: ${load.longTasks.filter((t) => t > lo && t <= hi).length}`;
    });
    console.log(`Race, every entry × ${repeats} repeats × ${budget} trials: ${load.status.trim()}`);
    console.log(`wall ${load.wallSeconds.toFixed(1)} s; ${describeLongTasks(load.longTasks)}`);
    console.log(`long tasks by duration: ${counts.join(' · ')}`);
  } finally {
    await env.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
