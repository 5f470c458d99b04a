/**
 * Resource quantities ("100m", "1", "128Mi", "1G", "1e3") as the scheduler and kubelet need them:
 * CPU in millicores, everything else in base units (bytes, pods). Rounds up like Quantity.MilliValue.
 */
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The quantity as a plain number in base units, or NaN when it does not parse. */
export function parseQuantity(input: string | number | undefined): number {
  if (input === undefined) return 0;
  if (typeof input === 'number') return input;
  const m = /^([+-]?[0-9.]+)(e[+-]?[0-9]+|E[+-]?[0-9]+)?([a-zA-Z]*)$/.exec(input.trim());
  if (!m) return NaN;
  const base = Number(m[1]);
  const exp = m[2] ? Number(m[2].slice(1)) : 0;
  const suffix = m[3] ?? '';
  const mult = BINARY[suffix] ?? DECIMAL[suffix];
  if (mult === undefined || Number.isNaN(base)) return NaN;
  return base * 10 ** exp * mult;
}

export function isValidQuantity(input: string | number): boolean {
  return !Number.isNaN(parseQuantity(input));
}

/** CPU in integer millicores, rounded up. */
export function cpuMillis(input: string | number | undefined): number {
  const v = parseQuantity(input);
  return Number.isNaN(v) ? 0 : Math.ceil(Math.round(v * 1e9) / 1e6);
}

/** Bytes (or any count) as an integer, rounded up. */
export function quantityValue(input: string | number | undefined): number {
  const v = parseQuantity(input);
  return Number.isNaN(v) ? 0 : Math.ceil(v - 1e-9);
}

/** Formats millicores the way kubectl does: "250m", or whole cores "2". */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Formats bytes with the largest exact binary suffix, else in Ki rounded up. */
export function formatMemory(bytes: number): string {
  for (const suffix of ['Ti', 'Gi', 'Mi', 'Ki'] as const) {
    const unit = BINARY[suffix]!;
    if (bytes >= unit && bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return bytes < 1024 ? String(bytes) : `${Math.ceil(bytes / 1024)}Ki`;
}

/** The messages resource.ParseQuantity returns (apimachinery pkg/api/resource/quantity.go). */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";
const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';
const UPSTREAM_QUANTITY = /^([+-]?[0-9]*)(\.[0-9]*)?([eEinumkKMGTP]*)([-+]?[0-9]*)$/;

/**
 * Why the API server would refuse this quantity text (after its TrimSpace), or undefined when it
 * parses: the same scan as ParseQuantity, so "1.G" passes and "5Qi" or "1e" do not.
 */
export function quantitySyntaxError(text: string): string | undefined {
  const s = text.trim();
  if (s === '') return QUANTITY_FORMAT_ERROR;
  const m = UPSTREAM_QUANTITY.exec(s);
  if (!m) return QUANTITY_FORMAT_ERROR;
  const suffix = m[3]! + m[4]!;
  const known = suffix === '' || suffix in BINARY || suffix in DECIMAL || /^[eE][-+]?[0-9]+$/.test(suffix);
  if (!known) return QUANTITY_SUFFIX_ERROR;
  if (!/[0-9]/.test(m[1]! + (m[2] ?? '')) && (m[2] ?? '') !== '') return QUANTITY_NUMERIC_ERROR;
  return undefined;
}
