/** The traffic model's public surface: see model.ts (ticks), kube-proxy.ts (routing) and routes.ts (what is routable). */
export { createTrafficModel, clientIp, sample, type GeneratorSpec, type RealDecision, type TrafficModel, type TrafficModelOptions } from './model';
export { route, latency, TIMEOUT_MS, type Client, type Decision } from './kube-proxy';
export { compileRoutes, imageAnswer, serviceKey, type RouteEndpoint, type RouteTable, type ServiceRoute, type TrafficWorld } from './routes';
export { worldFromEngine, downNodesOf } from './world';
export { LatencyHistogram } from './histogram';
export type * from './types';
