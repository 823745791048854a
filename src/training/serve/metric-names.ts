/**
 * tfjs's metric names as this package reports them: camelCase, with tfjs's short `acc` spelled out.
 *
 *   loss → loss   acc → accuracy   val_loss → valLoss   val_acc → valAccuracy
 *   val_categoricalAccuracy → valCategoricalAccuracy   mean_absolute_error → meanAbsoluteError
 */

/** `val_loss` → `valLoss`, `acc` → `accuracy`, `val_acc` → `valAccuracy`; other names camelCased. */
export function metricName(tfjsName: string): string {
  const words = tfjsName.split('_').filter((word) => word !== '');
  const spelled = words.map((word) => (word === 'acc' ? 'accuracy' : word));
  return spelled.map((word, i) => (i === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1))).join('');
}
