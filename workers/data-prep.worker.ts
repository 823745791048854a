/**
 * The data-preparation worker: a thin shell that exposes `createDataPrepApi()` (parsing,
 * profiling, encoding and decoding user data, see src/training/user-data/data-prep-api.ts) over
 * comlink. Datasets come back on SharedArrayBuffers, shared with the page rather than copied.
 */
import * as Comlink from 'comlink';
import { createDataPrepApi } from '../src/training/user-data/data-prep-api';

Comlink.expose(createDataPrepApi());
