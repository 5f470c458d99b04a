/**
 * What the active lesson step asks the learner to look at. The lesson store sets the step's
 * spotlights; the drawing and the panels ask whether one of their elements is named and mark it
 * (an outline and `data-spotlight="true"`). Matching lives here, so every layer agrees on it.
 */
import type { Spotlight } from '../../../shared/lessons/model';
import { matchesSelector, parseSelector, type Selector } from '../../../shared/k8s/labels';

export type SpotlightPanel = Extract<Spotlight, { target: 'panel' }>['panel'];

/** The fields of a drawn pod a spotlight looks at. */
export interface SpotlightPod {
  name: string;
  namespace: string;
  labels: Record<string, string>;
}

/** Spotlights name objects as kubectl does: no namespace means `default`. */
const DEFAULT_NAMESPACE = 'default';

type PodSpot = { name?: string; namespace: string; selector: Selector | undefined };

export class Spotlights {
  list = $state.raw<readonly Spotlight[]>([]);
  /** Pod spotlights with their selectors parsed once; a selector that does not parse names no pod. */
  private readonly podSpots = $derived.by(() => {
    const out: PodSpot[] = [];
    for (const spot of this.list) {
      if (spot.target !== 'pod') continue;
      let selector: Selector | undefined;
      if (spot.labelSelector !== undefined) {
        try {
          selector = parseSelector(spot.labelSelector);
        } catch {
          continue;
        }
      }
      if (spot.name === undefined && selector === undefined) continue;
      out.push({ ...(spot.name !== undefined ? { name: spot.name } : {}), namespace: spot.namespace ?? DEFAULT_NAMESPACE, selector });
    }
    return out;
  });

  show(spots: readonly Spotlight[]): void {
    this.list = spots;
  }

  clear(): void {
    if (this.list.length) this.list = [];
  }

  node(name: string): boolean {
    return this.list.some((spot) => spot.target === 'node' && spot.name === name);
  }

  service(name: string, namespace: string | undefined): boolean {
    return this.list.some((spot) => spot.target === 'service' && spot.name === name && (spot.namespace ?? DEFAULT_NAMESPACE) === (namespace ?? DEFAULT_NAMESPACE));
  }

  panel(panel: SpotlightPanel): boolean {
    return this.list.some((spot) => spot.target === 'panel' && spot.panel === panel);
  }

  pod(pod: SpotlightPod): boolean {
    return this.podSpots.some(
      (spot) => spot.namespace === pod.namespace && (spot.name === undefined || spot.name === pod.name) && (spot.selector === undefined || matchesSelector(spot.selector, pod.labels)),
    );
  }

  /** Keys of the spotlit pods among these (empty, and cheap, when the step names no pod). */
  pods<P extends SpotlightPod & { key: string }>(pods: readonly P[]): Set<string> {
    if (this.podSpots.length === 0) return new Set();
    return new Set(pods.filter((pod) => this.pod(pod)).map((pod) => pod.key));
  }
}

/** The one set of spotlights the whole window shares. */
export const spotlights = new Spotlights();
