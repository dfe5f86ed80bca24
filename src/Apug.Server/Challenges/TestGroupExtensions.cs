namespace Apug.Server.Challenges;

/// <summary>Walking the data/ tree in the order the spec runs it.</summary>
public static class TestGroupExtensions
{
    /// <summary>
    /// The direct children of a group, groups and test cases together, in lexicographic (ordinal) order of their
    /// names, which is the order the spec uses them in (legacy packages may mix groups and test cases in one folder).
    /// </summary>
    public static IEnumerable<TestGroupChild> Children(this TestGroup group) =>
        group.Groups.Select(g => new TestGroupChild(g.Path, g, null))
            .Concat(group.Tests.Select(t => new TestGroupChild(t.Name, null, t)))
            .OrderBy(child => child.Name, StringComparer.Ordinal);

    /// <summary>Every test case in the group and below it, in judging order.</summary>
    public static IEnumerable<TestCase> AllTests(this TestGroup group) =>
        group.Children().SelectMany(child => child.Group is { } subgroup ? subgroup.AllTests() : [child.Test!]);

    /// <summary>Every group from this one down, this one first.</summary>
    public static IEnumerable<TestGroup> SelfAndDescendants(this TestGroup group) =>
        group.Groups.SelectMany(SelfAndDescendants).Prepend(group);

    /// <summary>The group with the given path ("sample", "secret/group1"), or null.</summary>
    public static TestGroup? FindGroup(this TestGroup group, string path) =>
        group.SelfAndDescendants().FirstOrDefault(g => g.Path == path);
}

/// <summary>Exactly one of Group and Test is set.</summary>
public sealed record TestGroupChild(string Name, TestGroup? Group, TestCase? Test);
