/** Why a study file was refused (study-file.ts, study-file-data.ts): the message says what is wrong and what to do. */
export class StudyFileError extends Error {
  override readonly name = 'StudyFileError';
}
