// Worker-thread entry for runs with --timeout: executes the task it is given and
// posts every event to the main thread, which may terminate it at any time.
import { parentPort, workerData } from 'node:worker_threads';
import { execute, type Task } from './session.js';

const port = parentPort;
if (port === null) throw new Error('worker.js must be started as a worker thread');
const task: Task = workerData;
execute(task, (e) => port.postMessage(e));
