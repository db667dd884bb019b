// Entry of the PDF inspection worker thread. Node 20 does not apply the loader hooks of an
// inherited `--import tsx` to a worker's entry module, so `new Worker('….ts')` fails under both
// `node --import tsx` and the `tsx` CLI. Registering tsx inside the thread works under both.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
