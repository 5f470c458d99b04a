/**
 * The whole drawing's geometry in world coordinates (before zoom): control plane and scheduling
 * queue on top, node cards in a stable grid, Service hubs below. Every pod gets one position, in the
 * queue or in its node's card, so a pod being scheduled can travel from one to the other.
 */
import { COMPONENTS, type Component } from './control-plane';
import { layoutCards, podCell, podRows, type CardLayout, type NodeView } from './node-view';
import { diffPods } from './pod-diff';
import type { PodView } from './pod-view';
import type { SelectorOwner } from './selection';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Scene {
  width: number;
  height: number;
  cell: number;
  components: Record<Component, Box>;
  queue: Box;
  /** Pending pods that fit in the queue; the rest are counted. */
  queueOverflow: number;
  nodesTop: number;
  cards: Map<string, CardLayout>;
  pods: Map<string, { x: number; y: number }>;
  hubs: { owner: SelectorOwner; x: number; y: number }[];
}

export const CARD_HEADER = 112;
/** Above this many pods, pods are drawn on canvas: SVG cannot keep up at that count. */
export const CANVAS_THRESHOLD = 300;
const TOP = 8;
const CP_HEIGHT = 52;

/** The pod drawn at a world point (within half a cell), for hit-testing the canvas layer. */
export function podAt(scene: Scene, x: number, y: number): string | undefined {
  const radius = scene.cell / 2;
  let best: string | undefined;
  let bestDistance = radius * radius;
  for (const [key, at] of scene.pods) {
    const d = (at.x - x) ** 2 + (at.y - y) ** 2;
    if (d <= bestDistance) {
      bestDistance = d;
      best = key;
    }
  }
  return best;
}

export function cellSize(podCount: number): number {
  return podCount > 1000 ? 12 : podCount > 150 ? 16 : 22;
}

/**
 * Builds the scene. With `previous`, every card layout and pod position that did not move keeps its
 * object, so the layers (node cards, links, glyphs) see unchanged props and skip their work.
 */
export function minCardWidth(cell: number): number {
  return cell > 16 ? 240 : 200;
}

/** The zoom at which a scene fits a stage (never above 1×). */
export function fitScale(scene: Pick<Scene, 'width' | 'height'>, stageWidth: number, stageHeight: number): number {
  return Math.min(1, stageWidth / scene.width, stageHeight / scene.height);
}

/**
 * The width to lay the scene out in: the stage's, or wider (more card columns) when that makes the
 * whole scene fit at a larger zoom. A wide, short stage (a small window with the terminal open)
 * would otherwise stack the cards in rows and shrink them all. Tries up to three more columns.
 */
export function layoutWidth(stageWidth: number, stageHeight: number, nodes: readonly NodeView[], pods: readonly PodView[], services: readonly SelectorOwner[]): number {
  const cell = cellSize(pods.length);
  const step = minCardWidth(cell) + 16;
  const columns = Math.max(1, Math.floor((Math.max(320, stageWidth) + 16) / step));
  let best = stageWidth;
  let bestScale = fitScale(buildScene(stageWidth, nodes, pods, services), stageWidth, stageHeight);
  for (let more = columns + 1; more <= Math.min(nodes.length, columns + 3); more++) {
    const width = more * step - 16;
    const scale = fitScale(buildScene(width, nodes, pods, services), stageWidth, stageHeight);
    // Only for a clear gain: a near tie keeps the plainer layout.
    if (scale > bestScale * 1.05) [best, bestScale] = [width, scale];
  }
  return best;
}

/**
 * layoutWidth for many nodes, from the geometry alone (building scenes to compare would cost a pass
 * over every pod per try): the number of card columns whose scene fits the stage at the largest zoom.
 * A tall stack of three columns shown at the minimum zoom would leave most of a wide stage empty.
 */
export function wideLayoutWidth(stageWidth: number, stageHeight: number, nodeCount: number, fullest: number, podCount: number, services: number): number {
  const cell = cellSize(podCount);
  const minCard = minCardWidth(cell);
  const step = minCard + 16;
  const first = Math.max(1, Math.floor((Math.max(320, stageWidth) + 16) / step));
  let [best, bestScale] = [stageWidth, 0];
  for (let columns = first; columns <= Math.max(first, nodeCount); columns++) {
    const width = columns === first ? stageWidth : columns * step - 16;
    const cardWidth = (Math.max(320, width) - 16 * (columns - 1)) / columns;
    const cardHeight = CARD_HEADER + Math.max(1, podRows(fullest, cardWidth, cell)) * cell + 12;
    const height = TOP + CP_HEIGHT + 28 + Math.ceil(nodeCount / columns) * (cardHeight + 16) + 56 + (services ? 48 : 0) + 16;
    const scale = fitScale({ width, height }, stageWidth, stageHeight);
    if (scale > bestScale * 1.05) [best, bestScale] = [width, scale];
  }
  return best;
}

export function buildScene(width: number, nodes: readonly NodeView[], pods: readonly PodView[], services: readonly SelectorOwner[], previous?: Scene): Scene {
  const cell = cellSize(pods.length);
  const usable = Math.max(320, width);
  // Control plane boxes share the left 60%; the queue takes the rest of the row.
  const cpWidth = Math.min(170, (usable * 0.6 - 3 * 10) / 4);
  const components = Object.fromEntries(
    COMPONENTS.map((c, i) => [c, { x: i * (cpWidth + 10), y: TOP, width: cpWidth, height: CP_HEIGHT }]),
  ) as Record<Component, Box>;
  const queueX = 4 * (cpWidth + 10) + 10;
  const queue: Box = { x: queueX, y: TOP, width: Math.max(120, usable - queueX), height: CP_HEIGHT };

  const byNode = new Map<string, PodView[]>();
  const pending: PodView[] = [];
  for (const pod of pods) {
    if (!pod.node) pending.push(pod);
    else (byNode.get(pod.node) ?? byNode.set(pod.node, []).get(pod.node)!).push(pod);
  }
  const nodesTop = TOP + CP_HEIGHT + 28;
  const minCard = minCardWidth(cell);
  const provisional = layoutCards(nodes.map((n) => n.name), usable, 100, 16, minCard);
  const cardWidth = provisional.values().next().value?.width ?? minCard;
  const maxPods = Math.max(0, ...nodes.map((n) => byNode.get(n.name)?.length ?? 0));
  const cardHeight = CARD_HEADER + Math.max(1, podRows(maxPods, cardWidth, cell)) * cell + 12;
  const cards = new Map<string, CardLayout>();
  for (const [name, c] of layoutCards(nodes.map((n) => n.name), usable, cardHeight, 16, minCard)) {
    const old = previous?.cards.get(name);
    const y = c.y + nodesTop;
    cards.set(name, old && old.x === c.x && old.y === y && old.width === c.width && old.height === c.height ? old : { ...c, y });
  }

  const positions = new Map<string, { x: number; y: number }>();
  const place = (key: string, x: number, y: number) => {
    const old = previous?.pods.get(key);
    positions.set(key, old && old.x === x && old.y === y ? old : { x, y });
  };
  const queueSlots = Math.max(1, Math.floor((queue.width - 16) / cell));
  pending.slice(0, queueSlots).forEach((pod, i) => place(pod.key, queue.x + 8 + i * cell + cell / 2, queue.y + CP_HEIGHT - 8 - cell / 2));
  for (const node of nodes) {
    const card = cards.get(node.name);
    if (!card) continue;
    (byNode.get(node.name) ?? []).forEach((pod, i) => {
      const at = podCell(i, card.width, cell, CARD_HEADER);
      place(pod.key, card.x + at.x + cell / 2, card.y + at.y + cell / 2);
    });
  }
  // Pods on nodes that are not drawn (e.g. deleted nodes) wait beside the queue.
  const nodesBottom = Math.max(nodesTop, ...[...cards.values()].map((c) => c.y + c.height));
  const hubY = nodesBottom + 56;
  const hubGap = services.length ? usable / services.length : 0;
  const hubs = services.map((owner, i) => ({ owner, x: hubGap * (i + 0.5), y: hubY }));
  return {
    width: usable,
    height: hubY + (services.length ? 48 : 0) + 16,
    cell,
    components,
    queue,
    queueOverflow: Math.max(0, pending.length - queueSlots),
    nodesTop,
    cards,
    pods: positions,
    hubs,
  };
}

/** What buildScene reads; see sceneReusable. */
export interface SceneInputs {
  width: number;
  nodes: readonly NodeView[];
  pods: readonly PodView[];
  services: readonly SelectorOwner[];
}

const sameItems = <T>(a: readonly T[], b: readonly T[]) => a === b || (a.length === b.length && a.every((item, i) => item === b[i]));

/**
 * True when a scene built from `previous` still holds for `next`: same width, the same
 * node names and Service owners (owners are reused when unchanged), and pods that kept their places
 * and nodes. A node's status does not move anything.
 */
export function sceneReusable(previous: SceneInputs, next: SceneInputs): boolean {
  return (
    previous.width === next.width &&
    (previous.nodes === next.nodes || sameItems(previous.nodes.map((n) => n.name), next.nodes.map((n) => n.name))) && sameItems(previous.services, next.services) &&
    diffPods(previous.pods, next.pods).sameLayout
  );
}
