/**
 * Headless Chromium for tests that look at a page as a person's browser shows it. Debian's
 * `chromium` package at `/usr/bin/chromium` (or `PUM_TEST_CHROMIUM`), driven by playwright-core
 * (which downloads no browser of its own). Without it the tests skip and say why; under
 * `PUM_TEST_REQUIRE_BROWSER=1` (set by CI) they fail instead.
 */
import { existsSync } from 'node:fs';
import { skipUnless } from '@pum/test-postgres';
import type { TestOptions } from 'vitest';

/** The Chromium the tests launch. */
export const chromiumPath = process.env.PUM_TEST_CHROMIUM || '/usr/bin/chromium';

const yes = (value: string | undefined) => value === '1' || value?.toLowerCase() === 'true';

/**
 * Test options: run when {@link chromiumPath} is there, else skip with the reason — or throw when
 * `PUM_TEST_REQUIRE_BROWSER=1` forbids skipping.
 *
 * @example
 * ```ts
 * describe('the HTML report in a browser', needsBrowser(), () => { … });
 * ```
 */
export function needsBrowser(): TestOptions {
  if (existsSync(chromiumPath)) return {};
  const reason = `needs Chromium: ${chromiumPath} is missing (apt-get install chromium)`;
  if (yes(process.env.PUM_TEST_REQUIRE_BROWSER)) {
    throw new Error(`this test ${reason}, and PUM_TEST_REQUIRE_BROWSER=1 forbids skipping it`);
  }
  return skipUnless(false, reason);
}
