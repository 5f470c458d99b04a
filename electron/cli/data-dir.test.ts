// The data directory never falls back to the current directory, whatever the environment says.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './data-dir';

const fallback = join(homedir(), '.config', 'Kubelab');

describe('defaultDataDir', () => {
  it('uses an absolute XDG_CONFIG_HOME', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/srv/conf' }, 'linux')).toBe('/srv/conf/Kubelab');
  });

  it('treats an empty XDG_CONFIG_HOME as unset', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '' }, 'linux')).toBe(fallback);
  });

  it('ignores a relative XDG_CONFIG_HOME, as the XDG spec requires', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: 'conf' }, 'linux')).toBe(fallback);
    expect(defaultDataDir({ XDG_CONFIG_HOME: './conf' }, 'linux')).toBe(fallback);
  });

  it('treats an empty KUBELAB_DATA_DIR as unset and honours a set one', () => {
    expect(defaultDataDir({ KUBELAB_DATA_DIR: '' }, 'linux')).toBe(fallback);
    expect(defaultDataDir({ KUBELAB_DATA_DIR: '/tmp/k' }, 'linux')).toBe('/tmp/k');
  });

  it('ignores an empty or relative APPDATA on Windows', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toBe(join('C:\\Users\\u\\AppData\\Roaming', 'Kubelab'));
    expect(defaultDataDir({ APPDATA: '' }, 'win32')).toBe(join(homedir(), 'AppData', 'Roaming', 'Kubelab'));
    expect(defaultDataDir({ APPDATA: 'Roaming' }, 'win32')).toBe(join(homedir(), 'AppData', 'Roaming', 'Kubelab'));
  });
});
