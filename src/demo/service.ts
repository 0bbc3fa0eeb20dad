import { runSampleService } from '../sample/serve-main.js';

const LISTENING = /^sample service listening on (\S+)$/;

export interface StartedService {
  /** The service's exit status once it has stopped. */
  done: Promise<number>;
  /** The base URL once it listens, or null when it could not listen. */
  url: Promise<string | null>;
}

/** The sample service in-process, with its control endpoint; each log line goes to `log`. */
export function startService(options: { host: string; port: number; readyAfterMs: number; flap: boolean; signal?: AbortSignal }, log: (line: string) => void): StartedService {
  let announce: (url: string | null) => void = () => {};
  const url = new Promise<string | null>((resolve) => {
    announce = resolve;
  });
  const done = runSampleService({
    host: options.host,
    port: options.port,
    readyAfterMs: options.readyAfterMs,
    flap: options.flap,
    control: true,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    log: (line) => {
      const match = LISTENING.exec(line);
      if (match?.[1] !== undefined) announce(match[1]);
      log(line);
    },
  });
  void done.then(() => announce(null), () => announce(null));
  return { done, url };
}
