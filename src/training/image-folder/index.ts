/**
 * Image folders as training data, in pure TypeScript (no DOM, no tfjs: it runs in Node, in pages
 * and in workers): plan a picked or dropped folder (one sub-folder per class), check the image
 * size chosen, turn decoded RGBA pixels into model input, and label the images for the stratified
 * split. Every refusal is an `ImageFolderError`.
 */

export { ImageFolderError, type ImageFolderProblem } from './image-folder-error';
export {
  MAX_FOLDER_IMAGES,
  MAX_FOLDER_BYTES,
  MIN_IMAGES_PER_CLASS,
  MIN_CLASSES,
  IMAGE_EXTENSIONS,
  IMAGE_MIME_TYPES,
  compareNaturally,
  pathSegments,
  isImageFile,
  planImageFolder,
  type PickedFile,
  type FolderClass,
  type FolderPlan,
  type SkippedFiles,
  type PlanImageFolderOptions,
} from './folder-plan';
export { MIN_IMAGE_SIDE, MAX_IMAGE_SIDE, imageShape, valuesPerImage, imageOffset, writeImagePixels, type ImageShape } from './image-pixels';
export { folderImages, folderClassNames, folderClassIndices, folderSplitRows } from './class-labels';
