/**
 * The chart gallery: mounts every chart with realistic fake data (gallery-data.ts), for looking at
 * them (screenshots) and for tests/ui/charts/gallery.test.ts. Sets `window.galleryReady` when done.
 */
import { mount, tick, type Component } from 'svelte';
import { inspectGp, type SamplerName } from '../../../src/tuner';
import { aggregateRuns, bestSoFarByTime, bestSoFarByTrial, evenXs, toRegret, unionXs } from '../../../src/ui/analysis/curves';
import { gpGrid2D, gpSlice1D } from '../../../src/ui/analysis/gp-slices';
import { gpImportance } from '../../../src/ui/analysis/importance';
import { projectTrials } from '../../../src/ui/analysis/projection';
import { timelineFromEvents } from '../../../src/ui/analysis/timeline';
import AnytimeChart from '../../../src/ui/charts/AnytimeChart.svelte';
import ContourPlot from '../../../src/ui/charts/ContourPlot.svelte';
import SlicePlot from '../../../src/ui/charts/SlicePlot.svelte';
import EdfPlot from '../../../src/ui/charts/EdfPlot.svelte';
import HistoryPlot from '../../../src/ui/charts/HistoryPlot.svelte';
import GpSlice1D from '../../../src/ui/charts/GpSlice1D.svelte';
import GpSlice2D from '../../../src/ui/charts/GpSlice2D.svelte';
import ImportanceBars from '../../../src/ui/charts/ImportanceBars.svelte';
import LearningCurves from '../../../src/ui/charts/LearningCurves.svelte';
import MetricLearningCurves from '../../../src/ui/charts/MetricLearningCurves.svelte';
import ParallelCoordinates from '../../../src/ui/charts/ParallelCoordinates.svelte';
import SampleMap from '../../../src/ui/charts/SampleMap.svelte';
import { samplerStyle } from '../../../src/ui/charts/series-style';
import TrialsTable from '../../../src/ui/charts/TrialsTable.svelte';
import WorkerTimeline from '../../../src/ui/charts/WorkerTimeline.svelte';
import { bowlStudy, bowlUnit, constrainedNetTrials, manyTrialsEvents, MAP_SPACE, NET_SPACE, netStudy, timelineEvents } from './gallery-data';
import GallerySavable from './GallerySavable.svelte';

declare global {
  interface Window {
    galleryReady?: boolean;
    galleryPicks?: { u: number; v: number }[];
  }
}

const root = document.getElementById('gallery') as HTMLElement;

function section(id: string, title: string, wide = false): HTMLElement {
  const el = document.createElement('section');
  el.id = id;
  if (wide) el.className = 'wide';
  const h = document.createElement('h2');
  h.textContent = title;
  el.append(h);
  root.append(el);
  return el;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function show<P extends Record<string, any>>(id: string, title: string, component: Component<P>, props: P, wide = false): void {
  mount(component, { target: section(id, title, wide), props });
}

// Anytime: 4 strategies × repeats on the bowl, regret (optimum 0.4) on a log axis.
const SAMPLERS: readonly SamplerName[] = ['random', 'sobol', 'grid', 'gp'];
const runs = new Map(SAMPLERS.map((s) => [s, Array.from({ length: s === 'gp' ? 3 : 5 }, (_, k) => bowlStudy(s, 11 + k, 25))]));
const byTrial = SAMPLERS.map((s) => {
  const curves = (runs.get(s) ?? []).map((st) => toRegret(bestSoFarByTrial(st.trials, st.direction), 0.4));
  return { id: s, style: samplerStyle(s), band: aggregateRuns(curves, unionXs(curves)) };
});
show('anytime-trials', 'AnytimeChart: regret vs trials (log, median + IQR)', AnytimeChart, { series: byTrial, yScale: 'log', yLabel: 'best − optimum', floor: 1e-4 });
const byTime = SAMPLERS.map((s) => {
  const curves = (runs.get(s) ?? []).map((st) => bestSoFarByTime(st.trials, st.direction));
  const end = Math.max(...curves.map((c) => c.at(-1)?.x ?? 0));
  return { id: s, style: samplerStyle(s), band: aggregateRuns(curves, evenXs(0, end, 80), 'mean-std') };
});
show('anytime-seconds', 'AnytimeChart: best value vs seconds (linear, mean ± std)', AnytimeChart, { series: byTime, xAxis: 'seconds', bandLabel: 'mean ± std over repeats' });

// Sample maps.
const mapStudies = (['grid', 'random', 'gp'] as const).map((s) => ({ s, study: bowlStudy(s, 3, 25) }));
const gpStudy = mapStudies[2]?.study ?? bowlStudy('gp', 3, 25);
const inspection = inspectGp(gpStudy);
if (inspection === null) throw new Error('gallery: GP inspection needs a complete trial');
const nextPoint = { u: (((inspection.next.x as number) + 5) / 15), v: (inspection.next.y as number) / 15 };
window.galleryPicks = [];
show('sample-map', 'SampleMap: grid vs random vs GP on a bowl, with rugs, next point and picker', SampleMap, {
  x: { name: 'x', def: MAP_SPACE.x! },
  y: { name: 'y', def: MAP_SPACE.y! },
  series: mapStudies.map(({ s, study }) => ({ id: s, style: samplerStyle(s), points: projectTrials(study.trials, MAP_SPACE, 'x', 'y') })),
  background: bowlUnit,
  backgroundLabel: 'loss',
  backgroundLog: true,
  next: nextPoint,
  onpick: (u: number, v: number) => window.galleryPicks?.push({ u, v }),
});

const net = netStudy(36);
const complete = { ...net, trials: net.trials.filter((t) => t.state !== 'running') };
const netInspection = inspectGp(complete);
show('sample-map-log', 'SampleMap: lr (log) vs dropout, GP mean background', SampleMap, {
  x: { name: 'lr', def: NET_SPACE.lr! },
  y: { name: 'dropout', def: NET_SPACE.dropout! },
  series: [{ id: 'random', style: samplerStyle('random'), points: projectTrials(net.trials, NET_SPACE, 'lr', 'dropout') }],
  background: netInspection
    ? (u: number, v: number) => netInspection.predict([{ ...netInspection.next, lr: 10 ** (-4 + 3 * u), dropout: 0.5 * v }]).mean[0] ?? 0
    : undefined,
  backgroundLabel: 'GP mean',
  resolution: 40,
});

// GP slices.
show('gp-slice-1d', 'GpSlice1D: posterior along x through the next point', GpSlice1D, { data: gpSlice1D(gpStudy, inspection, 'x'), yLabel: 'loss' });
if (netInspection) show('gp-slice-1d-cat', 'GpSlice1D: a categorical parameter', GpSlice1D, { data: gpSlice1D(complete, netInspection, 'optimizer'), yLabel: 'val loss' });
const grid = gpGrid2D(gpStudy, inspection, 'x', 'y', { res: 36 });
show('gp-slice-2d-mean', 'GpSlice2D: GP mean', GpSlice2D, { data: grid, quantity: 'mean', xDef: MAP_SPACE.x!, yDef: MAP_SPACE.y!, yLabel: 'loss' });
show('gp-slice-2d-ei', 'GpSlice2D: expected improvement', GpSlice2D, { data: grid, quantity: 'ei', xDef: MAP_SPACE.x!, yDef: MAP_SPACE.y!, yLabel: 'loss' });

// Results.
show('parallel', 'ParallelCoordinates: 36 trials of a small net (drag along an axis to brush)', GallerySavable, { title: 'Parallel coordinates', chart: ParallelCoordinates, props: { space: NET_SPACE, trials: net.trials, direction: 'minimize', yLabel: 'val loss' } }, true);
show('importance', 'ImportanceBars: fANOVA main effects on the GP mean', ImportanceBars, { importance: gpImportance(complete) });
show('learning-curves', 'LearningCurves: validation loss per epoch (log axis chosen when values span decades)', LearningCurves, { trials: net.trials, direction: 'minimize' });
// Trials that report only a final value (a synthetic landscape): a line says why there are no curves.
const finalOnly = net.trials.map((t) => ({ ...t, intermediate: [] }));
show('learning-curves-none', 'LearningCurves: trials without per-epoch values', LearningCurves, { trials: finalOnly, direction: 'minimize' });
show('metric-curves-none', 'MetricLearningCurves: trials without per-epoch values', MetricLearningCurves, { trials: finalOnly, direction: 'minimize', objective: 'valLoss', labelOf: (name: string) => name });
show('savable-curves-none', 'SavableChart around learning curves without per-epoch values: no save buttons', GallerySavable, { title: 'Learning curves', chart: LearningCurves, props: { trials: finalOnly, direction: 'minimize' } });
show('learning-curves-waiting', 'LearningCurves: running trials before their first epoch', LearningCurves, { trials: finalOnly.map((t) => ({ ...t, state: 'running' as const, value: null, endedAt: null })), direction: 'minimize' });
// History and EDF: a constrained study (some trials too large) and one whose values span decades.
const constrained = constrainedNetTrials(40);
show('history', 'HistoryPlot: every value, infeasible ones crossed, best so far', GallerySavable, { title: 'History', chart: HistoryPlot, props: { trials: constrained, direction: 'minimize', yLabel: 'val loss' } });
const decades = net.trials.map((t) => (t.value === null ? t : { ...t, value: (t.value - 0.249) ** 2 }));
show('history-log', 'HistoryPlot: values over four decades, log axis by default', HistoryPlot, { trials: decades, direction: 'minimize', yLabel: 'regret' });
show('edf', 'EdfPlot: distribution of validation losses', GallerySavable, { title: 'Distribution of values', chart: EdfPlot, props: { trials: constrained, direction: 'minimize', yLabel: 'val loss' } });
show('slice', 'SlicePlot: raw values per parameter, coloured by trial number', GallerySavable, { title: 'Slice plot', chart: SlicePlot, props: { space: NET_SPACE, trials: constrained, direction: 'minimize', yLabel: 'val loss' } }, true);
show('contour', 'ContourPlot: raw values over a chosen pair', GallerySavable, { title: 'Contour', chart: ContourPlot, props: { space: NET_SPACE, trials: constrained, direction: 'minimize', yLabel: 'val loss' } });
show('saved-map', 'SampleMap inside SavableChart (the background canvas goes into the file)', GallerySavable, {
  title: 'Sample map',
  chart: SampleMap,
  props: { x: { name: 'x', def: MAP_SPACE.x! }, y: { name: 'y', def: MAP_SPACE.y! }, series: [{ id: 'grid', style: samplerStyle('grid'), points: projectTrials(mapStudies[0]!.study.trials, MAP_SPACE, 'x', 'y') }], background: bowlUnit, backgroundLabel: 'loss', resolution: 24 },
});
const timeline = timelineFromEvents(timelineEvents());
show('timeline', 'WorkerTimeline: 3 workers, a crash and retry, stopped at the end', WorkerTimeline, { bars: timeline.bars, slots: timeline.slots, now: timeline.end, yLabel: 'val loss' }, true);
show('table', 'TrialsTable', TrialsTable, { trials: net.trials, space: NET_SPACE, direction: 'minimize', valueLabel: 'val loss', nowMs: Math.max(...net.trials.map((t) => t.startedAt)) + 2500 }, true);

// More trials than pixels: the charts draw a sample or pooled stripes, prepared a task after mounting.
const many = timelineFromEvents(manyTrialsEvents(6000, 6));
show('timeline-large', 'WorkerTimeline: 6,000 short trials on 6 workers, pooled into stripes', WorkerTimeline, { bars: many.bars, slots: many.slots, now: many.end, yLabel: 'val loss' }, true);
const manyCurves = Array.from({ length: 60 }, () => net.trials).flatMap((trials, k) => trials.map((t) => ({ ...t, id: t.id + k * net.trials.length })));
show('learning-curves-large', `LearningCurves: ${manyCurves.length} trials, a sample over the bands of all`, LearningCurves, { trials: manyCurves, direction: 'minimize', yScale: 'log' });
// A map of more points than pixels: 20,000 trials of one strategy, thinned to the best per small cell.
const densePoints = Array.from({ length: 20_000 }, (_, i) => {
  const u = (i * 0.6180339887) % 1;
  const v = (i * 0.7548776662) % 1;
  return { u, v, id: i, value: bowlUnit(u, v) };
});
show('sample-map-dense', 'SampleMap: 20,000 points, thinned to the best per cell, markers in one path', SampleMap, {
  x: { name: 'x', def: MAP_SPACE.x! },
  y: { name: 'y', def: MAP_SPACE.y! },
  series: [{ id: 'random', style: samplerStyle('random'), points: densePoints }],
});

await tick();
requestAnimationFrame(() => {
  window.galleryReady = true;
});
