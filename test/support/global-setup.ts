import type { TestProject } from 'vitest/node';
import { build } from 'vite';
import { rendererConfig } from '../../renderer.vite.config';
import { describeTestBrowser, findTestBrowser, machineBrowserSearch } from './browser/find-browser';
import { TEST_RENDERER_DIR } from './paths';

/**
 * Once per test run: builds the renderer exactly as the app ships it (same Vite config) into
 * .cache/ for the browser tests, and finds the browser they drive (extracting the packaged one
 * here, before the workers start, so two test files never unpack it at the same time).
 */
export default async function setup(project: TestProject): Promise<void> {
  const config = rendererConfig(TEST_RENDERER_DIR);
  await build({ ...config, configFile: false, logLevel: 'warn' });
  try {
    const browser = await findTestBrowser(machineBrowserSearch());
    console.log(describeTestBrowser(browser));
    project.provide('testBrowser', { found: true, ...browser });
  } catch (error) {
    // Only the browser tests need one; every other test still runs.
    const reason = error instanceof Error ? error.message : String(error);
    console.log(`Browser tests cannot run: ${reason}`);
    project.provide('testBrowser', { found: false, reason });
  }
}
