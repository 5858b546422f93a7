import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveRendererAsset } from '../../../src/main/shell/renderer-assets';

const root = path.resolve('/srv/renderer');

describe('resolveRendererAsset', () => {
  it('maps paths inside the build', () => {
    expect(resolveRendererAsset(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveRendererAsset(root, '/assets/index-abc.js')).toBe(
      path.join(root, 'assets/index-abc.js'),
    );
  });

  it('refuses every way out of the build folder', () => {
    for (const attempt of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets\\..\\..\\secret.txt',
      '/%00index.html',
      '/%E0%A4%A',
      '//etc/passwd/../../..',
    ]) {
      const resolved = resolveRendererAsset(root, attempt);
      if (resolved !== null) expect(resolved.startsWith(root + path.sep), attempt).toBe(true);
    }
    expect(resolveRendererAsset(root, '/../secret.txt')).toBeNull();
    expect(resolveRendererAsset(root, '/%2e%2e/secret.txt')).toBeNull();
  });

  it('serves scripts and styles with their content types', () => {
    expect(contentTypeFor('a.js')).toMatch(/javascript/);
    expect(contentTypeFor('a.css')).toMatch(/text\/css/);
    expect(contentTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});
