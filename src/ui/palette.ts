/**
 * Okabe–Ito colours: distinguishable with the common forms of colour blindness. They are for marks
 * (lines, markers, swatches), never for text: orange, sky blue and vermilion fall below the 4.5:1
 * contrast text needs on a light background. A coloured name is written in ink beside a swatch of
 * its colour instead (as the Race view's map captions are).
 */
import type { SamplerName } from '../tuner';

export const SAMPLER_COLOURS: Readonly<Record<SamplerName, string>> = {
  grid: '#E69F00',
  random: '#56B4E9',
  sobol: '#009E73',
  evolution: '#CC79A7',
  gp: '#D55E00',
};

export const SAMPLER_LABELS: Readonly<Record<SamplerName, string>> = {
  grid: 'Grid',
  random: 'Random',
  sobol: 'Sobol (quasi-random)',
  evolution: 'Evolutionary',
  gp: 'Bayesian (GP-EI)',
};
