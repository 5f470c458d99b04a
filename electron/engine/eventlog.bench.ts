/**
 * Event-log cost: bytes per recorded change in a realistic workload (scaling, rolling updates,
 * crash loops, node failures), and the latency of seeking to random frames of a 100k-change history.
 */
import type { Deployment } from '../../shared/k8s/objects';
import { createEngine } from './index';
import type { KubelabEngine } from './engine';
import { createDeployment, deployment, patch } from './testkit';

type Report = (name: string, value: number, unit: string) => void;

const IMAGES = ['gcr.io/google-samples/kubernetes-bootcamp:v1', 'docker.io/jocatalin/kubernetes-bootcamp:v2', 'nginx:1.27', 'docker.io/kubelab/crashloop:1'];

export default async function (report: Report): Promise<void> {
  const e = createEngine({ seed: 11, nodes: 3 }) as KubelabEngine;
  for (let i = 0; i < 8; i++) createDeployment(e, deployment(`app-${i}`, IMAGES[i % 3]!, 2, { cpu: '50m', memory: '32Mi' }));
  let step = 0;
  const rng = e.live.rng;
  let measured = false;
  while (e.timeline.state().length < 100_000) {
    const i = step % 8;
    const action = step % 5;
    if (action === 0 || action === 3) patch<Deployment>(e, 'Deployment', 'default', `app-${i}`, (d) => (d.spec.replicas = 1 + ((step * 7) % 6)));
    else if (action === 1) patch<Deployment>(e, 'Deployment', 'default', `app-${i}`, (d) => (d.spec.template.spec.containers[0]!.image = IMAGES[(step >> 3) % IMAGES.length]!));
    else if (action === 2 && step % 40 === 2) e.failures.powerOff('minikube-m03');
    else if (action === 4 && step % 40 === 24) e.failures.powerOn('minikube-m03');
    e.advance(5_000 + ((step * 7919) % 25_000));
    step++;
    if (!measured && e.timeline.state().length >= 20_000) {
      measured = true;
      report('event log: bytes per change (first 20k changes)', e.live.log.bytes() / e.timeline.state().length, 'bytes');
    }
  }
  const n = e.timeline.state().length;
  report('event log: bytes per change (100k changes)', e.live.log.bytes() / n, 'bytes');
  report('event log: changes recorded', n, 'changes');
  report('event log: objects at the end', e.snapshot({ now: 0, speed: 1, paused: true }).objects.length, 'objects');
  const times: number[] = [];
  for (let k = 0; k < 50; k++) {
    const frame = 1 + rng.int(n - 1);
    const t = performance.now();
    e.timeline.seek(frame);
    times.push(performance.now() - t);
  }
  e.timeline.live();
  times.sort((a, b) => a - b);
  report('event log: seek to a random frame of 100k, mean', times.reduce((a, b) => a + b, 0) / times.length, 'ms');
  report('event log: seek, max of 50', times[times.length - 1]!, 'ms');
}
