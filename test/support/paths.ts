import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The renderer bundle the browser tests load, built once per test run by global-setup. */
export const TEST_RENDERER_DIR = path.join(REPO_ROOT, '.cache', 'test-renderer');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');
