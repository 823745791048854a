/**
 * The import worker: a thin shell that reads and validates one study file off the page's main
 * thread (study-file.ts: the untrusted-JSON scan, the parse, the setup and study checks), or one
 * Optuna journal (optuna-import.ts), and answers with the imported study, in parts, the studies to
 * pick from, or why it was refused (study-file-reader.ts).
 */
import { readOptunaFile } from './optuna-import';
import { readStudyFile, StudyFileError } from './study-file';
import { optunaReplyParts, replyParts, type StudyFileReply, type StudyFileRequest } from './study-file-reader';

self.onmessage = async (event: MessageEvent<StudyFileRequest>) => {
  const { file, optunaStudy } = event.data;
  let replies: StudyFileReply[];
  try {
    replies = optunaStudy === undefined ? replyParts(await readStudyFile(file)) : optunaReplyParts(await readOptunaFile(file, optunaStudy));
  } catch (error) {
    replies = [error instanceof StudyFileError ? { kind: 'refused', message: error.message } : { kind: 'failed', message: error instanceof Error ? error.message : String(error) }];
  }
  for (const reply of replies) self.postMessage(reply);
};
