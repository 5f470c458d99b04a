/**
 * A container whose configuration cannot be built (a missing ConfigMap, Secret or key, a field the
 * downward API cannot resolve): the kubelet reports CreateContainerConfigError with its message.
 */
export class ConfigError extends Error {}
