namespace Apug.Tests.Infrastructure;

/// <summary>
/// Tests against the real Docker engine run one class at a time: on a 2-core machine, parallel containers
/// would only make the timing-sensitive cases (time limits) noisy.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DockerCollection
{
    public const string Name = "Docker engine";
}
