/**
 * The one error an image folder raises: `ImageFolderError`, with a `problem` that says which check
 * failed and a message that names the problem (the file, the folder, the count, the limit) in
 * words a user can act on.
 */

/** Which check an image folder (or an image shape) failed. */
export type ImageFolderProblem =
  | 'no-images'
  | 'not-one-folder'
  | 'files-in-root'
  | 'nested-folder'
  | 'small-class'
  | 'too-few-classes'
  | 'too-many-images'
  | 'too-large'
  | 'image-shape'
  | 'pixels'
  | 'undecodable'
  | 'too-few-images';

/** An image folder (or a choice of image size) that cannot be used as it is; `message` names the problem. */
export class ImageFolderError extends Error {
  override readonly name = 'ImageFolderError';

  constructor(
    readonly problem: ImageFolderProblem,
    message: string,
  ) {
    super(message);
  }
}
