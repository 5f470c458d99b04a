// The fuses electron-builder flips in the packaged binary (build/electron-builder.yml, `electronFuses`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const config = parse(readFileSync(join(__dirname, '../../build/electron-builder.yml'), 'utf8')) as { electronFuses?: Record<string, boolean> };

describe('electron fuses', () => {
  it('turns off file:// privileges and Node entry points, keeping RunAsNode for the minikube shim', () => {
    expect(config.electronFuses).toEqual({
      // Documented trade-off: the embedded shell's minikube runs on the app binary as Node.
      runAsNode: true,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
