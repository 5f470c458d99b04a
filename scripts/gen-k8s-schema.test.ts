// The committed schema module must be what the generator makes from the installed client-node.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { generateSchemaModule, OUTPUT } from './gen-k8s-schema';

it('shared/k8s/schema/types.generated.ts is up to date (npx tsx scripts/gen-k8s-schema.ts)', () => {
  expect(readFileSync(OUTPUT, 'utf8') === generateSchemaModule()).toBe(true);
});
