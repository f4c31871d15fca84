/**
 * The logger every library accepts. Libraries never print: they call these methods, and the
 * application (the `pum` CLI, a QGIS plugin) decides where messages go.
 */

/** Log levels, from the most to the least verbose. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * A pluggable logger. `console` satisfies it; so do pino and winston loggers.
 *
 * @example
 * ```ts
 * await introspect(client, { logger: console });
 * ```
 */
export interface Logger {
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

const ignore = (): void => {};

/**
 * A logger that drops everything: the default of every library option bag.
 *
 * @example
 * ```ts
 * const logger = options.logger ?? silentLogger;
 * ```
 */
export const silentLogger: Logger = Object.freeze({
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
});
