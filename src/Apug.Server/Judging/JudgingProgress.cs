using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Apug.Server.Judging;

/// <summary>
/// The tests a running submission has finished so far. The database gets them with the verdict in one transaction,
/// so without this a page reloaded mid-judging would only see the tests that finish after it reconnects
/// ("test 3 of 9" going back to "test 2 of 9"). Kept in memory: after a restart the submission is judged again anyway.
/// </summary>
public sealed class JudgingProgress
{
    private readonly ConcurrentDictionary<Guid, ImmutableList<TestOutcome>> running = new();

    public void Started(Guid submissionId) => running[submissionId] = [];

    public void TestJudged(Guid submissionId, TestOutcome test) =>
        running.AddOrUpdate(submissionId, _ => [test], (_, tests) => tests.Add(test));

    public void Finished(Guid submissionId) => running.TryRemove(submissionId, out _);

    /// <summary>The finished tests in order, or null when the submission is not being judged here.</summary>
    public IReadOnlyList<TestOutcome>? Tests(Guid submissionId) => running.TryGetValue(submissionId, out var tests) ? tests : null;
}
