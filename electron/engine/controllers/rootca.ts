/**
 * The root-ca-cert-publisher (pkg/controller/certificates/rootcacertpublisher/publisher.go): a
 * `kube-root-ca.crt` ConfigMap with the cluster's CA in every active namespace, put back when
 * deleted or changed. Pods read it through the projected kube-api-access volume (store/admission.ts).
 */
import type { ConfigMap, KubeObject } from '../../../shared/k8s/objects';
import type { Cause } from '../../../shared/sim/snapshot';
import type { EngineContext } from '../context';
import { ROOT_CA_CONFIGMAP } from '../store/admission';
import { WorkQueue } from './workqueue';
import { syncErrorHandler } from './guard';

const CAUSE: Cause = { actor: 'controller', name: 'root-ca-cert-publisher' };
/** publisher.go DescriptionAnnotation / Description. */
const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

/**
 * A self-signed `minikubeCA` certificate for engines that are not given the API server's CA
 * (tests, the lessons check); the app passes its API server's own CA (EngineOptions.rootCaPem).
 */
export const DEFAULT_ROOT_CA_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIDGzCCAgOgAwIBAgIUFBbrX99JsrbrL5pFJ49rW7DC1UQwDQYJKoZIhvcNAQEL',
  'BQAwFTETMBEGA1UEAwwKbWluaWt1YmVDQTAeFw0yNjEyMDMxMTI4MDhaFw0zNjEx',
  'MzAxMTI4MDhaMBUxEzARBgNVBAMMCm1pbmlrdWJlQ0EwggEiMA0GCSqGSIb3DQEB',
  'AQUAA4IBDwAwggEKAoIBAQCnAOa1QPihTc5uS6jTEcJaXeAojU369eDMCXnik33J',
  'pnhZ7enOVyvPa0MkUEMvntHFGdzmtKkWKekSyeS3jG3o31RKQUViL1LnZET2Vx7G',
  'sD6DKAz3Nlkw0uSKPVRgbEE0N2F22GHQoJZMm/QpaHwVTXMVM50kq77QsqDWmoVx',
  'bP6Auzb5lb2g6Udb0wPgLnQCBvOJDRct3vzshoaIwVv7fAFx5lAQng8Zegt1N/AO',
  'Q0VtvlCOM+WWBPyLCHMbRjykQfE+STSaQXEn8ld5wWohbAN+5vNOeJnQOIacawwj',
  'JuaObuEEO5sRU/8LT7vv8egUSfRKwCB+f6amD1+lsN55AgMBAAGjYzBhMB0GA1Ud',
  'DgQWBBRQddGXppv3FR/0FGWbjTPVV2WUoTAfBgNVHSMEGDAWgBRQddGXppv3FR/0',
  'FGWbjTPVV2WUoTAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwICpDANBgkq',
  'hkiG9w0BAQsFAAOCAQEAKcVMO9gvM87H1qdPOSglADwgcwRzzqRJ661pzguNgBy+',
  't7QDguYZanBCOjqTQx0euV7fWfgdzVndaJXWatFRJ409+FaEf3fo4Ug6k0TWfCIe',
  'dkn6jzIRY2oXim3aTsb3MmO+uS8SipeNuDWl48Qk9d8+59rttHY+S/uDpOsvBEft',
  '6ajm97ikQDh1dygacqKZMdy9qOvRLcFJzOAwdkW3jvXyGzRB5DrHSOG5nZPn89tC',
  'LBoBBYfN4qzqR5nOiILHBZlx92Hh2djYTRmqaTFvc1T8EOCSGVDvbw+a9Tebo83j',
  'M5OiZN2Arp0xHLDn6K/Y5g9c1LQVHeG8TpiZJ2WwOw==',
  '-----END CERTIFICATE-----',
  '',
].join('\n');

export class RootCaPublisher {
  readonly queue: WorkQueue;

  constructor(
    private ctx: EngineContext,
    private caPem: string,
  ) {
    this.queue = new WorkQueue(ctx.clock, 10, (ns) => this.sync(ns), syncErrorHandler(ctx, 'root-ca-cert-publisher', 'Namespace'));
    ctx.store.onChange((c) => {
      const o = c.object;
      if (o.kind === 'Namespace' && c.type !== 'DELETED') this.queue.add(o.metadata.name);
      else if (o.kind === 'ConfigMap' && o.metadata.name === ROOT_CA_CONFIGMAP && o.metadata.namespace) this.queue.add(o.metadata.namespace);
    });
  }

  /** syncNamespace: create the ConfigMap when missing, restore its data and annotation when they differ. */
  private sync(namespace: string): void {
    const ns = this.ctx.store.get('Namespace', undefined, namespace) as KubeObject | undefined;
    // Only Active namespaces: a Terminating one is being emptied by the namespace controller.
    if (!ns || ns.metadata.deletionTimestamp) return;
    const data = { 'ca.crt': this.caPem };
    const existing = this.ctx.store.get('ConfigMap', namespace, ROOT_CA_CONFIGMAP) as ConfigMap | undefined;
    if (!existing) {
      const cm: ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data };
      this.ctx.store.create('ConfigMap', cm, { ...CAUSE, detail: `publish in ${namespace}` });
      return;
    }
    if (existing.metadata.deletionTimestamp) return;
    const sameData = Object.keys(existing.data ?? {}).length === 1 && existing.data?.['ca.crt'] === this.caPem;
    const sameAnnotation = existing.metadata.annotations?.[DESCRIPTION_ANNOTATION] === DESCRIPTION;
    if (sameData && sameAnnotation) return;
    const annotations = { ...(existing.metadata.annotations ?? {}), [DESCRIPTION_ANNOTATION]: DESCRIPTION };
    this.ctx.store.update('ConfigMap', { ...existing, metadata: { ...existing.metadata, annotations }, data }, { ...CAUSE, detail: `restore in ${namespace}` });
  }
}
