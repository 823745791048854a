/**
 * The import worker: a thin shell that reads and validates one study file off the page's main
 * thread (study-file.ts: the untrusted-JSON scan, the parse, the setup and study checks) and
 * answers with the imported study, in parts, or why it was refused (study-file-reader.ts).
 */
import { readStudyFile, StudyFileError } from './study-file';
import { replyParts, type StudyFileReply, type StudyFileRequest } from './study-file-reader';

self.onmessage = async (event: MessageEvent<StudyFileRequest>) => {
  let replies: StudyFileReply[];
  try {
    replies = replyParts(await readStudyFile(event.data.file));
  } catch (error) {
    replies = [error instanceof StudyFileError ? { kind: 'refused', message: error.message } : { kind: 'failed', message: error instanceof Error ? error.message : String(error) }];
  }
  for (const reply of replies) self.postMessage(reply);
};
