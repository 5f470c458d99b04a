/**
 * etcd compaction as the API server drives it, on the virtual clock. kube-apiserver compacts every
 * --etcd-compaction-interval (default 5m: DefaultCompactInterval in
 * staging/src/k8s.io/apiserver/pkg/storage/storagebackend/config.go), and each round compacts to the revision it saw at the round before
 * (staging/src/k8s.io/apiserver/pkg/storage/etcd3/compact.go: "it will only contain keys set during
 * last interval"; no compaction on the first round). So history since the previous round is kept:
 * a list or watch at a revision older than that is answered 410.
 *
 * Rounds run lazily, when the store is next written or read: the revisions at the rounds that
 * passed since are the latest one (nothing was written in between), and no timer is added to the
 * engine's clock.
 */
export const COMPACTION_INTERVAL_MS = 5 * 60_000;

export class Compactor {
  private nextRound = COMPACTION_INTERVAL_MS;
  /** The revision seen at the previous round; 0 before the first. */
  private previousRevision = 0;
  /** Revisions below this are compacted away (reads at exactly it still work, as in etcd). */
  private compacted = 0;

  constructor(private interval = COMPACTION_INTERVAL_MS) {
    this.nextRound = interval;
  }

  /** Runs the rounds due by `now`; `revision` is the latest revision (what each of them saw). Returns whether it compacted. */
  catchUp(now: number, revision: number): boolean {
    let compactedNow = false;
    while (now >= this.nextRound) {
      if (this.previousRevision > this.compacted) {
        this.compacted = this.previousRevision;
        compactedNow = true;
      }
      this.previousRevision = revision;
      this.nextRound += this.interval;
    }
    return compactedNow;
  }

  /** The compacted revision: history before it is gone. */
  revision(): number {
    return this.compacted;
  }
}
