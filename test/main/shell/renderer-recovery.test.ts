import { EventEmitter } from 'node:events';
import type { MessageBoxOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../src/main/core/logging/logger';
import {
  afterRendererGone,
  CRASH_LOOP_QUESTION,
  RELOAD_CHOICE,
  RELOADED_NOTICE,
  UNRESPONSIVE_QUESTION,
  watchRenderer,
} from '../../../src/main/shell/renderer-recovery';

function setup(answer = RELOAD_CHOICE) {
  const window = new EventEmitter();
  const contents = new EventEmitter();
  let now = 1_000_000;
  const asked: MessageBoxOptions[] = [];
  const log = { ...silentLogger, error: vi.fn(), warn: vi.fn(), info: vi.fn() };
  const deps = {
    window,
    contents,
    log,
    reload: vi.fn(),
    quit: vi.fn(),
    ask: vi.fn(async (options: MessageBoxOptions) => {
      asked.push(options);
      return answer;
    }),
    now: () => now,
  };
  watchRenderer(deps);
  return { ...deps, asked, advance: (ms: number) => (now += ms) };
}

const gone = (reason: string) => [{}, { reason, exitCode: 133 }] as const;

describe('a renderer that crashed', () => {
  it('is reloaded at once, the admin told, and the crash logged', async () => {
    const { contents, reload, asked, log } = setup();
    contents.emit('render-process-gone', ...gone('crashed'));
    expect(reload).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(asked).toEqual([RELOADED_NOTICE]));
    expect(log.error).toHaveBeenCalledWith('the window’s renderer process stopped', {
      reason: 'crashed',
      exitCode: 133,
      decision: 'reload',
    });
  });

  it('is not reloaded in a loop: after three crashes in a minute the admin chooses', async () => {
    const { contents, reload, asked, quit, advance } = setup(1);
    for (let n = 0; n < 3; n++) {
      contents.emit('render-process-gone', ...gone('oom'));
      advance(5_000);
    }
    expect(reload).toHaveBeenCalledTimes(3);
    contents.emit('render-process-gone', ...gone('crashed'));
    await vi.waitFor(() => expect(asked.at(-1)).toBe(CRASH_LOOP_QUESTION));
    expect(reload).toHaveBeenCalledTimes(3);
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1));
    // A minute later, crashes are rare again: back to reloading on its own.
    advance(61_000);
    contents.emit('render-process-gone', ...gone('crashed'));
    expect(reload).toHaveBeenCalledTimes(4);
  });

  it('does nothing when the renderer ended cleanly (the window closed)', () => {
    const { contents, reload, ask, log } = setup();
    contents.emit('render-process-gone', ...gone('clean-exit'));
    expect(reload).not.toHaveBeenCalled();
    expect(ask).not.toHaveBeenCalled();
    expect(log.error).not.toHaveBeenCalled();
    expect(afterRendererGone('clean-exit', [], 0)).toBe('nothing');
  });
});

describe('a renderer that hangs', () => {
  it('offers a reload once, logs it, and reloads when the admin chooses to', async () => {
    const { window, reload, asked, log } = setup(RELOAD_CHOICE);
    window.emit('unresponsive');
    window.emit('unresponsive');
    await vi.waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(asked).toEqual([UNRESPONSIVE_QUESTION]);
    expect(log.warn).toHaveBeenCalledWith('the window is not responding');
    window.emit('responsive');
    expect(log.info).toHaveBeenCalledWith('the window responds again');
  });

  it('is left alone when the admin waits', async () => {
    const { window, reload, ask } = setup(1);
    window.emit('unresponsive');
    await vi.waitFor(() => expect(ask).toHaveBeenCalledTimes(1));
    await Promise.resolve();
    expect(reload).not.toHaveBeenCalled();
    expect(UNRESPONSIVE_QUESTION.buttons?.[UNRESPONSIVE_QUESTION.defaultId ?? -1]).toBe('Wait');
  });
});
