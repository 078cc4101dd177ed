// Runs a session and feeds its events to a reporter. Without a time limit it
// runs in this thread. With one, it runs in a worker thread that is terminated
// when the time is up: the engines run synchronously and have no wall-clock
// hook, so stopping the thread is the only way to interrupt them.
import { Worker } from 'node:worker_threads';
import { execute, type SessionEvent, type Task } from './session.js';

export interface Sink {
  event(e: SessionEvent): void;
  stopped(reason: string, file: string | null): void;
}

export async function runSession(task: Task, timeoutSeconds: number | null, sink: Sink): Promise<void> {
  if (timeoutSeconds === null) {
    execute(task, (e) => sink.event(e));
    return;
  }
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: task });
  let current: string | null = null;
  let timedOut = false;
  const done = new Promise<void>((resolve, reject) => {
    worker.on('message', (e: SessionEvent) => {
      if (timedOut) return;
      if (e.kind === 'start') current = e.file;
      sink.event(e);
    });
    worker.on('error', reject);
    worker.on('exit', () => resolve());
  });
  const timer = setTimeout(() => {
    timedOut = true;
    sink.stopped(`time limit of ${timeoutSeconds} s exceeded (--timeout)`, current);
    void worker.terminate();
  }, timeoutSeconds * 1000);
  try {
    await done;
  } finally {
    clearTimeout(timer);
  }
}
