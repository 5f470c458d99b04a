/**
 * Which control-plane component acted for each recorded change, so its box can pulse: the cause
 * every change carries names the actor (the scheduler, a controller of the controller manager, or
 * another). Every write goes through the API server into etcd.
 */
import type { HistoryRecord } from '../state/history';

export const COMPONENTS = ['apiServer', 'etcd', 'scheduler', 'controllerManager'] as const;
export type Component = (typeof COMPONENTS)[number];

export function actingComponents(record: HistoryRecord): Component[] {
  const acting: Component[] = ['apiServer', 'etcd'];
  const extra = extraActor(record);
  if (extra) acting.push(extra);
  return acting;
}

function extraActor(record: HistoryRecord): Component | undefined {
  const actor = record.cause.actor;
  if (actor === 'scheduler') return 'scheduler';
  if (actor === 'controller') return 'controllerManager';
  return undefined;
}

/** Virtual time each component last acted, folded over records (newest wins). */
export function lastActive(records: readonly HistoryRecord[], into: Partial<Record<Component, number>> = {}): Partial<Record<Component, number>> {
  for (const record of records) for (const component of actingComponents(record)) into[component] = Math.max(into[component] ?? -Infinity, record.time);
  return into;
}

/** How long (virtual ms) a pulse lasts after a component acts. */
export const PULSE_MS = 1500;

/** Pulse strength in [0, 1]: 1 right after acting, fading to 0 over PULSE_MS of virtual time. */
export function pulse(now: number, last: number | undefined): number {
  if (last === undefined || now < last) return 0;
  return Math.max(0, 1 - (now - last) / PULSE_MS);
}

/** Label size in px: the box label's usual size, and the smallest the drawing allows (readable at 1×). */
export const LABEL_SIZE = 12;
export const LABEL_MIN_SIZE = 11;

/** A rough width of `text` in bold sans at `size` px: Hangul and other wide script a full em, Latin about 0.62 em. */
export function labelWidth(text: string, size: number): number {
  let ems = 0;
  for (const char of text) ems += char === ' ' ? 0.3 : /[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7a3\uff00-\uffef]/.test(char) ? 1 : 0.62;
  return ems * size;
}

/**
 * How a component's name fits its box (inner padding 6 px a side): on one line at 12 px or 11 px,
 * else on two lines split at the space that balances them, else cut with an ellipsis. In a narrow
 * drawing "Controller manager" used to run over its neighbour's box.
 */
export function fitLabel(text: string, boxWidth: number): { lines: string[]; size: number } {
  const room = Math.max(0, boxWidth - 12);
  for (const size of [LABEL_SIZE, LABEL_MIN_SIZE]) if (labelWidth(text, size) <= room) return { lines: [text], size };
  const words = text.split(' ');
  let best: string[] | undefined;
  for (let i = 1; i < words.length; i++) {
    const split = [words.slice(0, i).join(' '), words.slice(i).join(' ')];
    if (!best || Math.max(...split.map((l) => labelWidth(l, LABEL_SIZE))) < Math.max(...best.map((l) => labelWidth(l, LABEL_SIZE)))) best = split;
  }
  if (best) for (const size of [LABEL_SIZE, LABEL_MIN_SIZE]) if (best.every((line) => labelWidth(line, size) <= room)) return { lines: best, size };
  const cut = (line: string) => {
    if (labelWidth(line, LABEL_MIN_SIZE) <= room) return line;
    let kept = [...line];
    while (kept.length > 1 && labelWidth(`${kept.join('')}…`, LABEL_MIN_SIZE) > room) kept = kept.slice(0, -1);
    return `${kept.join('')}…`;
  };
  return { lines: (best ?? [text]).map(cut), size: LABEL_MIN_SIZE };
}
