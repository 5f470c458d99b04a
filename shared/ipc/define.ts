/**
 * The vocabulary for describing IPC services as data. A service is a set of methods (one validated
 * argument, a promised result) and events (pushed payloads). Both transports and both ends of each are
 * generated from these descriptions, so no channel is ever wired by hand.
 */
import type * as v from 'valibot';

export type AnySchema = v.GenericSchema<unknown, unknown>;

export interface MethodSpec<I extends AnySchema = AnySchema, O = unknown> {
  readonly kind: 'method';
  readonly input: I;
  /** Phantom: the result type. Results are produced by our own main process, so they are typed, not validated. */
  readonly output?: O;
}

export interface EventSpec<P = unknown> {
  readonly kind: 'event';
  readonly payload?: P;
}

export interface ServiceSpec {
  readonly methods: Readonly<Record<string, MethodSpec>>;
  readonly events: Readonly<Record<string, EventSpec>>;
}

export type Contract = Readonly<Record<string, ServiceSpec>>;

export function method<I extends AnySchema>(input: I): { returns<O>(): MethodSpec<I, O> } {
  return { returns: <O>() => ({ kind: 'method', input }) as MethodSpec<I, O> };
}

export function event<P>(): EventSpec<P> {
  return { kind: 'event' };
}

export function service<S extends ServiceSpec>(spec: S): S {
  return spec;
}

export type Unsubscribe = () => void;

type OutputOf<M> = M extends MethodSpec<AnySchema, infer O> ? O : never;
type PayloadOf<E> = E extends EventSpec<infer P> ? P : never;
type EventMethodName<K extends string> = `on${Capitalize<K>}`;

/** What a renderer holds: every method returns a promise, every event has an `onX(listener)`. */
export type ServiceClient<S extends ServiceSpec> = {
  readonly [K in keyof S['methods']]: (arg: v.InferInput<S['methods'][K]['input']>) => Promise<OutputOf<S['methods'][K]>>;
} & {
  readonly [K in keyof S['events'] & string as EventMethodName<K>]: (listener: (payload: PayloadOf<S['events'][K]>) => void) => Unsubscribe;
};

/** What the main process implements: arguments arrive already validated. */
export type ServiceImpl<S extends ServiceSpec> = {
  readonly [K in keyof S['methods']]: (arg: v.InferOutput<S['methods'][K]['input']>, context: CallContext) => Promise<OutputOf<S['methods'][K]>> | OutputOf<S['methods'][K]>;
} & {
  readonly [K in keyof S['events'] & string as EventMethodName<K>]: (listener: (payload: PayloadOf<S['events'][K]>) => void) => Unsubscribe;
};

export type ContractClient<C extends Contract> = { readonly [N in keyof C]: ServiceClient<C[N]> };
export type ContractImpl<C extends Contract> = { readonly [N in keyof C]: ServiceImpl<C[N]> };

/** Who is calling: lets services tailor answers (e.g. a terminal belongs to one window) without trusting the payload. */
export interface CallContext {
  readonly clientId: string;
  /** `local`: the main process itself, e.g. the `minikube` command's control endpoint. */
  readonly transport: 'electron' | 'websocket' | 'local' | 'test';
}

export function eventMethodName(event: string): string {
  return `on${event.charAt(0).toUpperCase()}${event.slice(1)}`;
}
