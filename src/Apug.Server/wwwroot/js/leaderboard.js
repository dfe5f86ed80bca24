// The projector's copy of the leaderboard: a snapshot, kept current by deltas (see docs/realtime.md).

export class Leaderboard {
  constructor() {
    this.snapshot = null; // {version, contestName, scoring, frozen, problems, rows}
  }

  get version() {
    return this.snapshot?.version ?? null;
  }

  applySnapshot(snapshot) {
    this.snapshot = { ...snapshot, rows: [...snapshot.rows] };
  }

  /**
   * Applies a delta when it follows the version we have. Returns false when it does not (a delta was missed,
   * or we have no snapshot yet): the caller then asks for a snapshot.
   */
  applyDelta(delta) {
    if (!this.snapshot || delta.previousVersion !== this.snapshot.version) return false;
    const byTeam = new Map(this.snapshot.rows.map((row) => [row.teamId, row]));
    for (const row of delta.rows) byTeam.set(row.teamId, row);
    const order = delta.order ?? this.snapshot.rows.map((row) => row.teamId);
    if (order.some((teamId) => !byTeam.has(teamId))) return false;
    this.snapshot = { ...this.snapshot, version: delta.version, frozen: delta.frozen, rows: order.map((teamId) => byTeam.get(teamId)) };
    return true;
  }

  get leader() {
    const top = this.snapshot?.rows[0];
    return top && (top.solved > 0 || top.points > 0) ? top : null;
  }
}
