/// <reference lib="webworker" />
import type { WorkerRequest } from './protocol.ts';
import { answer } from './workerJobs.ts';

/** One lab worker: answers each request in turn; the page keeps it between jobs (pool.ts). */
self.onmessage = (event: MessageEvent<WorkerRequest>) =>
  answer(event.data, (reply, transfer = []) => self.postMessage(reply, transfer));
