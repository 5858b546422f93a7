import { build } from 'vite';
import { rendererConfig } from '../../renderer.vite.config';
import { TEST_RENDERER_DIR } from './paths';

/**
 * Builds the renderer exactly as the app ships it (same Vite config) into .cache/, once per test
 * run, for the browser tests.
 */
export default async function setup(): Promise<void> {
  const config = rendererConfig(TEST_RENDERER_DIR);
  await build({ ...config, configFile: false, logLevel: 'warn' });
}
