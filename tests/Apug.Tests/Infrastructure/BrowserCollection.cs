namespace Apug.Tests.Infrastructure;

/// <summary>
/// Browser tests run alone, after the others: Chromium and Pyodide keep both cores busy for seconds, which would make
/// the sandbox's timing-sensitive tests (time limits) noisy. The ones that judge also need the Docker engine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Chromium";
}
