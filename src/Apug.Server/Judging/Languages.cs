using System.ComponentModel.DataAnnotations;

namespace Apug.Server.Judging;

/// <summary>A language a submission may be written in. Both run in the same sandbox image (Debian bookworm's packages).</summary>
public sealed record Language(string Id, string Name, string Version, string Executable, double TimeMultiplier)
{
    public const string DefaultId = "python3";
}

/// <summary>Bound from "Apug:Languages": a per-language factor on every time limit (PyPy warms up slowly; CPython is slower at loops).</summary>
public sealed class LanguagesOptions
{
    public const string SectionName = "Apug:Languages";

    [Range(0.1, 20)]
    public double Python3TimeMultiplier { get; set; } = 1;

    [Range(0.1, 20)]
    public double PyPy3TimeMultiplier { get; set; } = 1;
}

/// <summary>The languages the judge runs, in the order the page offers them; the first is the default.</summary>
public sealed class Languages(Microsoft.Extensions.Options.IOptions<LanguagesOptions> options)
{
    public const string PyPyId = "pypy3";

    /// <summary>Every id, for configuration files checked before the services exist (contest.yaml).</summary>
    public static readonly IReadOnlyList<string> KnownIds = [Language.DefaultId, PyPyId];

    // Versions of the packages in sandbox-images/ (Debian bookworm): python3 3.11.2, pypy3 7.3.11.
    public IReadOnlyList<Language> All { get; } =
    [
        new(Language.DefaultId, "Python 3 (CPython)", "3.11", "python3", options.Value.Python3TimeMultiplier),
        new(PyPyId, "PyPy 3", "7.3.11 (Python 3.9)", "pypy3", options.Value.PyPy3TimeMultiplier),
    ];

    public Language Default => All[0];

    public Language? Find(string? id) => All.FirstOrDefault(l => l.Id == id);

    /// <summary>The languages a contest allows (contest.yaml <c>languages</c>; null: all).</summary>
    public IReadOnlyList<Language> Allowed(IReadOnlyList<string>? contestLanguages) =>
        contestLanguages is null ? All : All.Where(l => contestLanguages.Contains(l.Id)).ToList();
}
