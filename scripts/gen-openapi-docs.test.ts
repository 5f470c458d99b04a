// The committed OpenAPI descriptions must be what the generator makes from client-node and the upstream table.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { generateDocsModule, OUTPUT } from './gen-openapi-docs';

it('electron/apiserver/openapi-docs.generated.ts is up to date (npx tsx scripts/gen-openapi-docs.ts)', () => {
  expect(readFileSync(OUTPUT, 'utf8') === generateDocsModule()).toBe(true);
});
