/** What the study tests share: the error `loadStudy` refuses a document with. */
import { loadStudy, StudyFormatError } from '../../src/tuner';

/** The StudyFormatError `loadStudy(doc)` throws; fails when it accepts `doc` or throws anything else. */
export function refusal(doc: unknown): StudyFormatError {
  try {
    loadStudy(doc);
  } catch (e) {
    if (e instanceof StudyFormatError) return e;
    throw e;
  }
  throw new Error('loadStudy accepted the document');
}
