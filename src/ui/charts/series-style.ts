/**
 * How one series (a strategy) is drawn: colour, line dash and marker shape, so that series stay
 * apart without colour. The shapes are drawn by marker-symbols.ts.
 */
import type { SamplerName } from '../../tuner';
import { SAMPLER_COLOURS, SAMPLER_LABELS } from '../palette';

export type MarkerShape = 'circle' | 'square' | 'diamond' | 'triangle' | 'cross' | 'star';

export interface SeriesStyle {
  readonly label: string;
  readonly colour: string;
  /** SVG stroke-dasharray; '' for solid. */
  readonly dash: string;
  readonly marker: MarkerShape;
}

const SAMPLER_DASHES: Readonly<Record<SamplerName, string>> = {
  gp: '',
  random: '7 3',
  sobol: '2 2.5',
  grid: '10 3 2 3',
  evolution: '4 2 1 2 1 2',
};

const SAMPLER_MARKERS: Readonly<Record<SamplerName, MarkerShape>> = {
  gp: 'star',
  random: 'circle',
  sobol: 'diamond',
  grid: 'square',
  evolution: 'triangle',
};

/** One entry of a chart's legend. */
export interface LegendItem {
  readonly label: string;
  readonly colour: string;
  readonly dash?: string;
  readonly marker?: MarkerShape;
  /** Draw the line (default true); false for marker-only entries. */
  readonly line?: boolean;
  /** Show a shaded band behind the line. */
  readonly band?: boolean;
  /** Extra text after the label. */
  readonly detail?: string;
}

/** The house style of a built-in sampler's series. */
export function samplerStyle(name: SamplerName): SeriesStyle {
  return { label: SAMPLER_LABELS[name], colour: SAMPLER_COLOURS[name], dash: SAMPLER_DASHES[name], marker: SAMPLER_MARKERS[name] };
}
