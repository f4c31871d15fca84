/** Which kind of server a test run got. */
export type Backend = 'env-url' | 'local' | 'docker' | 'embedded';

/** A running server as a backend hands it over: where it is and how to get rid of it. */
export interface ServerHandle {
  backend: Backend;
  /** Connection URL with administrator rights, to a database that always exists. */
  url: string;
  stop(): Promise<void>;
}
