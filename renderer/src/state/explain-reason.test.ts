// Every reason code in learner words, in English and Korean, with the numbers the reason carries.
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/objects';
import type { Reason, ReasonCode } from '../../../shared/sim/cause';
import { setLocale, type Locale } from '../i18n/i18n.svelte';
import { phraseText } from '../i18n/phrase';
import { node, pod, replicaSet } from '../testing/fixtures';
import { explainReason, type ExplainContext } from './explain-reason';

const web = pod('web-6db986b4d4-x7k2p', { rs: 'web-6db986b4d4', node: 'minikube-m02' });
const rs = replicaSet('web-6db986b4d4', 'web', { replicas: 2 });

function say(locale: Locale, reason: Reason, object: KubeObject = web, context: ExplainContext = {}): string {
  setLocale(locale);
  const phrase = explainReason(reason, object, context);
  if (!phrase) throw new Error(`no words for ${reason.code}`);
  return phraseText(phrase);
}

afterEach(() => setLocale('en'));

const round = (over: Partial<Extract<Reason, { code: 'RolloutRound' }>> = {}): Reason => ({
  code: 'RolloutRound',
  deployment: 'web',
  replicas: 4,
  maxSurge: '25%',
  maxUnavailable: '25%',
  surge: 1,
  unavailable: 1,
  maxTotal: 5,
  minAvailable: 3,
  replicaSet: 'web-7c9f8d6b5',
  newReplicaSet: true,
  from: 1,
  to: 2,
  ...over,
});

describe('rollout rounds', () => {
  it('show the arithmetic: percentages of surge round up, of unavailable round down', () => {
    expect(say('en', round(), rs)).toBe(
      'Rolling update of web: maxSurge 25% of 4 rounds up to 1 and maxUnavailable 25% of 4 rounds down to 1, so at most 5 pods may exist and at least 3 must be available; the new ReplicaSet web-7c9f8d6b5 grows by 1, from 1 to 2.',
    );
    expect(say('ko', round(), rs)).toBe(
      'web 디플로이먼트 롤링 업데이트: maxSurge 25%는 4개에 적용하면 올림해서 1개, maxUnavailable 25%는 4개에 적용하면 내림해서 1개입니다. 따라서 파드는 최대 5개까지 있을 수 있고 최소 3개는 사용 가능해야 하므로, 새 레플리카셋 web-7c9f8d6b5의 레플리카를 1개에서 2개로 1개 늘립니다.',
    );
  });

  it('say a count as it is, and tell the old ReplicaSet shrinking', () => {
    const shrink = round({ maxSurge: 2, maxUnavailable: 0, surge: 2, unavailable: 0, replicas: 10, maxTotal: 12, minAvailable: 10, replicaSet: 'web-6db986b4d4', newReplicaSet: false, from: 10, to: 8 });
    expect(say('en', shrink, rs)).toBe(
      'Rolling update of web: maxSurge 2 and maxUnavailable 0, so at most 12 pods may exist and at least 10 must be available; the old ReplicaSet web-6db986b4d4 shrinks by 2, from 10 to 8.',
    );
    expect(say('ko', shrink, rs)).toContain('maxSurge는 2개, maxUnavailable은 0개입니다. 따라서 파드는 최대 12개까지 있을 수 있고 최소 10개는 사용 가능해야 하므로, 이전 레플리카셋 web-6db986b4d4의 레플리카를 10개에서 8개로 2개 줄입니다.');
  });

  it('tell the round that creates the new ReplicaSet, and the other strategies and scales', () => {
    expect(say('en', round({ from: 0, to: 1, revision: 2 }), rs)).toContain('the new ReplicaSet web-7c9f8d6b5 starts with 1.');
    expect(say('ko', round({ from: 0, to: 1, revision: 2 }), rs)).toContain('새 레플리카셋 web-7c9f8d6b5를 레플리카 1개로 시작합니다.');
    expect(say('en', { code: 'NewReplicaSet', deployment: 'web', revision: 1, replicas: 4 }, rs)).toBe('The Deployment controller created ReplicaSet web-6db986b4d4 (revision 1) for Deployment web, with replicas: 4.');
    expect(say('ko', { code: 'NewReplicaSet', deployment: 'web', revision: 1, replicas: 4 }, rs)).toBe('디플로이먼트 컨트롤러가 web 디플로이먼트의 레플리카셋 web-6db986b4d4를 레플리카 4개로 만들었습니다(리비전 1).');
    expect(say('en', { code: 'RecreateRound', deployment: 'web', replicaSet: 'web-1', newReplicaSet: false, from: 3, to: 0 }, rs)).toBe('Deployment web uses the Recreate strategy: the old ReplicaSet web-1 goes from 3 to 0 before any new pod starts.');
    expect(say('ko', { code: 'RecreateRound', deployment: 'web', replicaSet: 'web-2', newReplicaSet: true, from: 0, to: 3 }, rs)).toBe('web 디플로이먼트는 Recreate 전략을 씁니다. 이전 파드가 모두 사라졌으므로 새 레플리카셋 web-2의 레플리카를 0개에서 3개로 늘립니다.');
    expect(say('en', { code: 'DeploymentScaled', deployment: 'web', replicaSet: 'web-1', from: 4, to: 6 }, rs)).toBe('Deployment web was scaled, so the Deployment controller sets ReplicaSet web-1 from 4 to 6 replicas.');
    expect(say('ko', { code: 'RevisionHistoryLimit', deployment: 'web', limit: 10 }, rs)).toBe('디플로이먼트 컨트롤러가 이전 레플리카셋 web-6db986b4d4를 삭제했습니다. web 디플로이먼트는 이전 레플리카셋을 최대 10개까지만 남깁니다(revisionHistoryLimit).');
    expect(say('ko', { code: 'RevisionUpdated', deployment: 'web', revision: 3 }, rs)).toBe('web 디플로이먼트가 리비전 3으로 넘어갔습니다.');
    expect(say('en', { code: 'RevisionUpdated', deployment: 'web', revision: 2, replicaSet: 'web-1' }, rs)).toBe('ReplicaSet web-1 is now revision 2 of Deployment web.');
    expect(say('ko', { code: 'ReplicaSetSynced', deployment: 'web', replicaSet: 'web-1' }, rs)).toBe('디플로이먼트 컨트롤러가 web 디플로이먼트의 어노테이션을 레플리카셋 web-1에 복사했습니다.');
  });
});

describe('self-healing and ownership', () => {
  it('says what the ReplicaSet controller saw and did', () => {
    const missing: Reason = { code: 'ReplicaSetMissingPods', replicaSet: 'web-6db986b4d4', want: 4, have: 3 };
    expect(say('en', missing)).toBe('The ReplicaSet controller saw 3 of 4 pods for web-6db986b4d4 and created web-6db986b4d4-x7k2p.');
    expect(say('ko', missing)).toBe('레플리카셋 컨트롤러가 web-6db986b4d4의 파드를 4개 중 3개만 찾아서 web-6db986b4d4-x7k2p 파드를 만들었습니다.');
    const excess: Reason = { code: 'ReplicaSetExcessPods', replicaSet: 'web-6db986b4d4', want: 2, have: 3 };
    expect(say('en', excess)).toBe('The ReplicaSet controller counted the pods of web-6db986b4d4: 3 found, 2 wanted, so it deleted web-6db986b4d4-x7k2p.');
    expect(say('en', { ...missing, have: 0 } as Reason)).toBe('The ReplicaSet controller saw 0 of 4 pods for web-6db986b4d4 and created web-6db986b4d4-x7k2p, one of the 4 missing.');
    expect(say('ko', { ...missing, have: 1 } as Reason)).toBe('레플리카셋 컨트롤러가 web-6db986b4d4의 파드를 4개 중 1개만 찾아서 web-6db986b4d4-x7k2p 파드를 만들었습니다(모자란 3개 중 하나).');
    expect(say('ko', excess, rs)).toBe('레플리카셋 컨트롤러가 web-6db986b4d4에 파드가 2개면 되는데 3개를 찾아서 남는 파드를 삭제합니다.');
  });

  it('names owners, Kinds in the language on screen', () => {
    const owner = { kind: 'ReplicaSet', name: 'web-6db986b4d4', uid: 'u1' };
    expect(say('en', { code: 'OwnerGone', owner })).toBe('The garbage collector deleted Pod web-6db986b4d4-x7k2p: its owner ReplicaSet web-6db986b4d4 is gone.');
    expect(say('ko', { code: 'OwnerGone', owner })).toBe('가비지 컬렉터가 파드 web-6db986b4d4-x7k2p를 삭제했습니다. 소유자인 레플리카셋 web-6db986b4d4가 사라졌습니다.');
    expect(say('en', { code: 'OwnerGone', owner, propagation: 'Orphan' })).toContain('was deleted with propagation Orphan, so it stays, without an owner.');
    expect(say('ko', { code: 'OwnerGone', owner, propagation: 'Foreground' })).toContain('포그라운드로 삭제되는 중이라');
    expect(say('en', { code: 'Adopted', owner: { kind: 'ReplicaSet', name: 'web-1' } })).toBe('ReplicaSet web-1 adopted Pod web-6db986b4d4-x7k2p: its labels match the selector and it had no owner.');
    expect(say('ko', { code: 'Released', owner: { kind: 'ReplicaSet', name: 'web-1' } })).toBe('레플리카셋 web-1이 파드 web-6db986b4d4-x7k2p를 놓아주었습니다. 레이블이 더 이상 셀렉터와 맞지 않습니다.');
    expect(say('en', { code: 'FinalizerRemoved', finalizer: 'foregroundDeletion' }, rs)).toBe('The garbage collector removed the finalizer foregroundDeletion from ReplicaSet web-6db986b4d4: its dependents are dealt with.');
    expect(say('ko', { code: 'PodOfDeletedNode', node: 'minikube-m03' })).toBe('파드 가비지 컬렉터가 web-6db986b4d4-x7k2p 파드를 삭제했습니다. minikube-m03 노드가 더 이상 없습니다.');
    expect(say('ko', { code: 'ObservedStatus' }, rs, { actor: 'replicaset-controller' })).toBe('replicaset-controller가 관찰한 내용을 레플리카셋 web-6db986b4d4의 상태에 기록했습니다.');
  });
});

describe('scheduling', () => {
  const scheduled: Reason = {
    code: 'Scheduled',
    node: 'minikube-m02',
    totalNodes: 4,
    evaluatedNodes: 4,
    feasibleNodes: 3,
    filtered: [{ plugin: 'TaintToleration', nodes: 1, reason: 'node(s) had untolerated taint {node.kubernetes.io/unreachable: }' }],
    score: 181,
    runnerUp: { node: 'minikube', score: 164 },
    decidingPlugin: 'NodeResourcesBalancedAllocation',
  };

  it('tells which filters removed which nodes and why the chosen node won, in a sentence', () => {
    expect(say('en', scheduled)).toBe(
      'The scheduler bound web-6db986b4d4-x7k2p to minikube-m02: 3 of 4 nodes passed the filters; 1 node has the taint node.kubernetes.io/unreachable the pod does not tolerate (TaintToleration). minikube-m02 scored highest, 181 against 164 for minikube, most of the lead from NodeResourcesBalancedAllocation.',
    );
    expect(say('ko', scheduled)).toBe(
      '스케줄러가 web-6db986b4d4-x7k2p 파드를 minikube-m02 노드에 배치했습니다. 노드 4개 중 3개가 필터를 통과했습니다. 노드 1개에는 파드가 허용하지 않는 테인트 node.kubernetes.io/unreachable이 있습니다(TaintToleration). minikube-m02 노드가 181점으로 minikube 노드(164점)보다 높았고, 점수 차이는 주로 NodeResourcesBalancedAllocation에서 났습니다.',
    );
  });

  it('words each filter plugin, ties, a single feasible node and an unschedulable pod', () => {
    const filtered = [
      { plugin: 'NodeUnschedulable', nodes: 2, reason: 'node(s) were unschedulable' },
      { plugin: 'NodeResourcesFit', nodes: 1, reason: 'Insufficient cpu' },
      { plugin: 'NodeAffinity', nodes: 1, reason: "node(s) didn't match Pod's node affinity/selector" },
    ];
    const tie: Reason = { ...scheduled, filtered, feasibleNodes: 2, score: 150, runnerUp: { node: 'minikube-m04', score: 150 } } as Reason;
    expect(say('en', tie)).toBe(
      'The scheduler bound web-6db986b4d4-x7k2p to minikube-m02: 2 of 4 nodes passed the filters; 2 nodes are cordoned (NodeUnschedulable); 1 node has too little unrequested cpu left for the pod (NodeResourcesFit); 1 node does not match the pod’s node selector or affinity (NodeAffinity). minikube-m02 and minikube-m04 tied at 150, and the scheduler picked minikube-m02 at random.',
    );
    expect(say('ko', tie)).toContain('노드 2개는 스케줄 불가로 표시되어 있습니다(NodeUnschedulable). 노드 1개에는 파드가 요청한 만큼의 cpu가 남아 있지 않습니다(NodeResourcesFit). 노드 1개는 파드의 노드 셀렉터나 어피니티와 맞지 않습니다(NodeAffinity).');
    const only: Reason = { code: 'Scheduled', node: 'minikube', totalNodes: 1, feasibleNodes: 1, filtered: [] };
    expect(say('en', only)).toBe('The scheduler bound web-6db986b4d4-x7k2p to minikube, the only node, which passed the filters.');
    expect(say('ko', only)).toBe('스케줄러가 web-6db986b4d4-x7k2p 파드를 하나뿐인 minikube 노드에 배치했습니다. 이 노드가 필터를 통과했습니다.');
    const oneLeft: Reason = { code: 'Scheduled', node: 'minikube', totalNodes: 3, feasibleNodes: 1, filtered: [{ plugin: 'NodeUnschedulable', nodes: 2, reason: 'node(s) were unschedulable' }] };
    expect(say('en', oneLeft)).toBe('The scheduler bound web-6db986b4d4-x7k2p to minikube: 1 of 3 nodes passed the filters; 2 nodes are cordoned (NodeUnschedulable). minikube was the only node left.');
    const unschedulable: Reason = { code: 'Unschedulable', totalNodes: 3, filtered: [{ plugin: 'NodeResourcesFit', nodes: 3, reason: 'Insufficient memory' }], message: '0/3 nodes are available: 3 Insufficient memory.' };
    expect(say('en', unschedulable)).toBe('The scheduler could not place web-6db986b4d4-x7k2p: none of the 3 nodes passed the filters; 3 nodes have too little unrequested memory left for the pod (NodeResourcesFit).');
    expect(say('ko', unschedulable)).toBe('스케줄러가 web-6db986b4d4-x7k2p 파드를 배치할 노드를 찾지 못했습니다. 노드 3개 중 필터를 통과한 노드가 없습니다. 노드 3개에는 파드가 요청한 만큼의 memory가 남아 있지 않습니다(NodeResourcesFit).');
    expect(say('en', { code: 'SchedulerError', message: 'boom' })).toContain('a plugin failed with an error (SchedulerError)');
  });
});

describe('node failure', () => {
  const m03 = node('minikube-m03', { ready: 'Unknown' });

  it('tells the missed heartbeats against the grace period', () => {
    const missed: Reason = { code: 'NodeHeartbeatMissed', node: 'minikube-m03', lastHeartbeat: 100_000, gracePeriodSeconds: 50 };
    expect(say('en', missed, m03, { time: 152_000 })).toBe(
      'Node minikube-m03 became NotReady: the node controller heard no heartbeat from its kubelet for 52 s, longer than the 50 s grace period (node-monitor-grace-period), so it set the node’s conditions to Unknown.',
    );
    expect(say('ko', missed, m03, { time: 152_000 })).toBe(
      'minikube-m03 노드가 NotReady가 되었습니다. 노드 컨트롤러가 이 노드의 kubelet에서 52초 동안 하트비트를 받지 못했는데, 유예 기간(node-monitor-grace-period) 50초보다 길어서 노드의 상태 조건을 Unknown으로 바꿨습니다.',
    );
    expect(say('en', missed, m03)).toContain('for longer than the 50 s grace period');
  });

  it('names both taints and the 300 s toleration every pod gets', () => {
    const tainted: Reason = {
      code: 'NodeTainted',
      node: 'minikube-m03',
      taints: [
        { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
      ],
    };
    expect(say('en', tainted, m03)).toBe(
      'The node controller tainted minikube-m03: node.kubernetes.io/unreachable:NoSchedule keeps new pods off the node; node.kubernetes.io/unreachable:NoExecute evicts pods once their toleration runs out: by default a pod tolerates node.kubernetes.io/unreachable:NoExecute for 300 s (DefaultTolerationSeconds), so it is evicted 300 s later.',
    );
    expect(say('ko', tainted, m03)).toBe(
      '노드 컨트롤러가 minikube-m03 노드에 테인트를 붙였습니다. node.kubernetes.io/unreachable:NoSchedule 테인트 때문에 새 파드가 이 노드에 배치되지 않습니다. node.kubernetes.io/unreachable:NoExecute 테인트는 톨러레이션 시간이 다 된 파드를 축출합니다. 파드는 기본으로 node.kubernetes.io/unreachable:NoExecute 톨러레이션을 300초 동안 가지므로(DefaultTolerationSeconds) 300초 뒤에 축출됩니다.',
    );
    const replaced: Reason = { code: 'NodeTainted', node: 'minikube-m03', taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }], removed: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] };
    expect(say('en', replaced, m03)).toBe(
      'The node controller tainted minikube-m03 in place of node.kubernetes.io/not-ready:NoExecute: node.kubernetes.io/unreachable:NoExecute evicts pods once their toleration runs out: by default a pod tolerates node.kubernetes.io/unreachable:NoExecute for 300 s (DefaultTolerationSeconds), so it is evicted 300 s later.',
    );
    expect(say('ko', replaced, m03)).toContain('노드 컨트롤러가 minikube-m03 노드에서 node.kubernetes.io/not-ready:NoExecute 테인트를 떼고 새 테인트를 붙였습니다.');
    expect(say('en', { code: 'NodeUntainted', node: 'minikube-m03', taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] }, m03)).toBe(
      'The node controller removed the taint node.kubernetes.io/unreachable:NoExecute from minikube-m03.',
    );
  });

  it('names the toleration that ran out when a pod is evicted', () => {
    const evicted: Reason = { code: 'TaintEviction', node: 'minikube-m03', taint: { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, tolerationSeconds: 300, taintedAt: 152_000, defaultToleration: true };
    expect(say('en', evicted)).toBe('The taint eviction controller evicted web-6db986b4d4-x7k2p from minikube-m03: its default toleration node.kubernetes.io/unreachable:NoExecute for 300 s (DefaultTolerationSeconds) ran out.');
    expect(say('ko', evicted)).toBe('테인트 축출 컨트롤러가 minikube-m03 노드에서 web-6db986b4d4-x7k2p 파드를 축출했습니다. 기본 톨러레이션 node.kubernetes.io/unreachable:NoExecute의 300초(DefaultTolerationSeconds)가 다 되었습니다.');
    expect(say('en', { ...evicted, defaultToleration: false, tolerationSeconds: 60 } as Reason)).toContain('the pod tolerates node.kubernetes.io/unreachable:NoExecute for 60 s, and that time has passed');
    expect(say('ko', { code: 'TaintEviction', node: 'minikube-m03', taint: { key: 'gpu', value: 'broken', effect: 'NoExecute' }, taintedAt: 0 })).toContain('노드에 파드가 허용하지 않는 gpu=broken:NoExecute 테인트가 있습니다.');
  });

  it('mentions traffic for a pod marked not ready only when a Service selects it', () => {
    const notReady: Reason = { code: 'NodePodsNotReady', node: 'minikube-m03' };
    expect(say('en', notReady)).toBe('The node controller marked web-6db986b4d4-x7k2p not ready: its node minikube-m03 stopped reporting, so nobody can vouch that the pod still runs.');
    expect(say('en', notReady, web, { services: ['web'] })).toBe('The node controller marked web-6db986b4d4-x7k2p not ready: its node minikube-m03 stopped reporting, so Service web stops sending it traffic.');
    expect(say('ko', notReady, web, { services: ['web'] })).toBe('노드 컨트롤러가 web-6db986b4d4-x7k2p 파드를 준비되지 않음으로 표시했습니다. minikube-m03 노드가 보고를 멈췄으므로 web 서비스는 이제 이 파드로 트래픽을 보내지 않습니다.');
  });
});

describe('kubelet, failures and requests', () => {
  it('tells kubelet stages, but never of a kubelet whose node is not Ready', () => {
    const started: Reason = { code: 'KubeletStage', node: 'minikube-m02', stage: 'started', container: 'nginx' };
    const running = pod('web-6db986b4d4-x7k2p', { rs: 'web-6db986b4d4', node: 'minikube-m02', phase: 'Running' });
    expect(say('en', started, running)).toBe('The kubelet on minikube-m02 started container nginx of web-6db986b4d4-x7k2p.');
    expect(say('ko', started, running)).toBe('minikube-m02 노드의 kubelet이 web-6db986b4d4-x7k2p 파드의 nginx 컨테이너를 시작했습니다.');
    // No readiness probe: the container starts ready, and only a selecting Service sends it traffic.
    expect(say('en', started)).toBe('The kubelet on minikube-m02 started container nginx of web-6db986b4d4-x7k2p, and the pod is Ready.');
    expect(say('ko', started, web, { services: ['web'] })).toBe('minikube-m02 노드의 kubelet이 web-6db986b4d4-x7k2p 파드의 nginx 컨테이너를 시작했고, 파드가 준비되었습니다(Ready). 이제 web 서비스가 이 파드로 트래픽을 보냅니다.');
    expect(explainReason(started, web, { nodeReady: () => 'Unknown' })).toBeUndefined();
    expect(say('en', { ...started, restartCount: 2 } as Reason, running)).toBe('The kubelet on minikube-m02 restarted container nginx of web-6db986b4d4-x7k2p (restart 2).');
    expect(say('en', { code: 'KubeletStage', node: 'minikube-m02', stage: 'ready' }, web, { services: ['web', 'web-internal'] })).toBe(
      'The kubelet on minikube-m02 reports web-6db986b4d4-x7k2p Ready, so Service web, web-internal now sends it traffic.',
    );
    expect(say('en', { code: 'KubeletStage', node: 'minikube-m02', stage: 'ready' })).toBe('The kubelet on minikube-m02 reports web-6db986b4d4-x7k2p Ready: all its containers are running and ready.');
    expect(say('en', { code: 'KubeletStage', node: 'minikube-m02', stage: 'pulling' })).toBe('The kubelet on minikube-m02 is pulling the image of container app of web-6db986b4d4-x7k2p.');
    const stages = ['admitted', 'pulled', 'pullFailed', 'configError', 'notReady', 'exited', 'restarting', 'killing', 'terminated', 'resynced'] as const;
    for (const stage of stages) {
      for (const locale of ['en', 'ko'] as const) expect(say(locale, { code: 'KubeletStage', node: 'minikube-m02', stage }), `${stage} ${locale}`).toContain('minikube-m02');
    }
    expect(say('en', { code: 'KubeletHeartbeat', node: 'minikube-m02', via: 'lease' })).toBe('The kubelet on minikube-m02 renewed its Lease: a heartbeat that tells the control plane the node is alive.');
  });

  it('tells the failures the user injected and recovered', () => {
    const m03 = node('minikube-m03', { unschedulable: true });
    expect(say('en', { code: 'FailureInjected', node: 'minikube-m03', failure: 'drain' }, m03)).toBe('You drained minikube-m03: it is cordoned and its pods are evicted, so their controllers replace them elsewhere.');
    expect(say('ko', { code: 'FailureInjected', node: 'minikube-m03', failure: 'drain' })).toBe('minikube-m03 노드를 드레인해서 web-6db986b4d4-x7k2p 파드가 축출됩니다.');
    expect(say('ko', { code: 'FailureInjected', node: 'minikube-m03', failure: 'cordon' }, m03)).toBe('minikube-m03 노드를 스케줄 불가로 표시했습니다. 새 파드가 이 노드에 배치되지 않습니다.');
    expect(say('en', { code: 'FailureInjected', node: 'minikube-m03', failure: 'power-off' }, m03)).toBe('You powered off minikube-m03: its kubelet and containers stop, and it stops reporting.');
    expect(say('en', { code: 'FailureRecovered', node: 'minikube-m03', failure: 'drain' }, m03)).toBe('You recovered minikube-m03: it is uncordoned and accepts new pods again.');
  });

  it('tells the kubectl command behind a request', () => {
    const request: Reason = { code: 'ApiRequest', verb: 'create', resource: 'deployments', command: 'kubectl create deployment' };
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } } as KubeObject;
    expect(say('en', request, deployment)).toBe('You ran kubectl create deployment: the API server created Deployment web.');
    expect(say('ko', request, deployment)).toBe('kubectl create deployment 명령을 실행했습니다. API 서버가 디플로이먼트 web을 만들었습니다.');
    expect(say('en', { code: 'ApiRequest', verb: 'update', resource: 'deployments', userAgent: 'kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9' }, deployment)).toBe('kubectl sent a request: the API server updated Deployment web.');
  });
});

describe('every reason code', () => {
  /** One reason of each code: the compiler checks that none is missing. */
  const ONE: { [C in ReasonCode]: Extract<Reason, { code: C }> } = {
    ApiRequest: { code: 'ApiRequest', verb: 'patch', resource: 'deployments', command: 'kubectl scale' },
    NewReplicaSet: { code: 'NewReplicaSet', deployment: 'web', revision: 1, replicas: 1 },
    RolloutRound: round() as Extract<Reason, { code: 'RolloutRound' }>,
    RecreateRound: { code: 'RecreateRound', deployment: 'web', replicaSet: 'web-1', newReplicaSet: true, from: 0, to: 1 },
    DeploymentScaled: { code: 'DeploymentScaled', deployment: 'web', replicaSet: 'web-1', from: 1, to: 2 },
    RevisionHistoryLimit: { code: 'RevisionHistoryLimit', deployment: 'web', limit: 2 },
    RevisionUpdated: { code: 'RevisionUpdated', deployment: 'web', revision: 2 },
    ReplicaSetSynced: { code: 'ReplicaSetSynced', deployment: 'web', replicaSet: 'web-1' },
    Adopted: { code: 'Adopted', owner: { kind: 'ReplicaSet', name: 'web-1' } },
    Released: { code: 'Released', owner: { kind: 'ReplicaSet', name: 'web-1' } },
    ObservedStatus: { code: 'ObservedStatus' },
    ReplicaSetMissingPods: { code: 'ReplicaSetMissingPods', replicaSet: 'web-1', want: 2, have: 1 },
    ReplicaSetExcessPods: { code: 'ReplicaSetExcessPods', replicaSet: 'web-1', want: 1, have: 2 },
    DaemonSetNodePod: { code: 'DaemonSetNodePod', daemonSet: 'kube-proxy', node: 'minikube-m02', action: 'create', why: 'missing' },
    Scheduled: { code: 'Scheduled', node: 'minikube', totalNodes: 2, feasibleNodes: 2, filtered: [], score: 10 },
    Unschedulable: { code: 'Unschedulable', totalNodes: 0, filtered: [], message: 'no nodes available to schedule pods' },
    SchedulerError: { code: 'SchedulerError', message: 'x' },
    NodeHeartbeatMissed: { code: 'NodeHeartbeatMissed', node: 'minikube-m02', lastHeartbeat: 0, gracePeriodSeconds: 50 },
    NodeTainted: { code: 'NodeTainted', node: 'minikube-m02', taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] },
    NodeUntainted: { code: 'NodeUntainted', node: 'minikube-m02', taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] },
    TaintEviction: { code: 'TaintEviction', node: 'minikube-m02', taint: { key: 'k', effect: 'NoExecute' }, taintedAt: 0 },
    NodePodsNotReady: { code: 'NodePodsNotReady', node: 'minikube-m02' },
    OwnerGone: { code: 'OwnerGone', owner: { kind: 'ReplicaSet', name: 'web-1', uid: 'u' } },
    FinalizerRemoved: { code: 'FinalizerRemoved', finalizer: 'orphan' },
    PodOfDeletedNode: { code: 'PodOfDeletedNode', node: 'minikube-m02' },
    JobMissingPods: { code: 'JobMissingPods', job: 'pi', active: 0, parallelism: 1, succeeded: 0, completions: 1 },
    JobFinished: { code: 'JobFinished', job: 'pi', condition: 'Failed', reason: 'BackoffLimitExceeded' },
    JobPodsTerminated: { code: 'JobPodsTerminated', job: 'pi', reason: 'DeadlineExceeded' },
    JobTtlExpired: { code: 'JobTtlExpired', job: 'pi', ttlSeconds: 100 },
    CronJobScheduled: { code: 'CronJobScheduled', cronJob: 'hello', schedule: '*/1 * * * *', scheduledTime: '2026-01-01T00:01:00Z' },
    CronJobJobRemoved: { code: 'CronJobJobRemoved', cronJob: 'hello', why: 'successfulJobsHistoryLimit', limit: 3 },
    KubeletStage: { code: 'KubeletStage', node: 'minikube-m02', stage: 'killing' },
    KubeletHeartbeat: { code: 'KubeletHeartbeat', node: 'minikube-m02', via: 'nodeStatus' },
    FailureInjected: { code: 'FailureInjected', node: 'minikube-m02', failure: 'something-new' },
    FailureRecovered: { code: 'FailureRecovered', node: 'minikube-m02', failure: 'something-new' },
  };

  it('words every DaemonSet action and cause in both languages', () => {
    const proxyPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'kube-proxy-abcde', namespace: 'kube-system' } } as KubeObject;
    for (const action of ['create', 'delete'] as const) {
      for (const why of ['missing', 'notEligible', 'duplicate', 'failed', 'outdated'] as const) {
        for (const locale of ['en', 'ko'] as const) {
          const text = say(locale, { code: 'DaemonSetNodePod', daemonSet: 'kube-proxy', node: 'minikube-m02', action, why }, proxyPod);
          expect(text).toContain('kube-proxy-abcde');
          expect(text).not.toMatch(/[{}]|explain\./);
        }
      }
    }
  });

  it('has words in both languages, with every placeholder and particle filled', () => {
    for (const reason of Object.values(ONE)) {
      for (const locale of ['en', 'ko'] as const) {
        const text = say(locale, reason as Reason);
        expect(text, `${reason.code} ${locale}`).not.toMatch(/\{\w+\}|\((이|을|은|과|으|아)\)|`/);
        expect(text.length, `${reason.code} ${locale}`).toBeGreaterThan(15);
        if (locale === 'ko') expect(text, reason.code).toMatch(/[가-힣]/);
      }
    }
  });
});
