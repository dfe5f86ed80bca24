namespace Apug.Server.Admin;

public enum DiffKind { Same, Expected, Actual }

/// <summary>One line of a diff: Same in both, only in the Expected answer, or only in the team's Actual output.</summary>
public sealed record DiffLine(DiffKind Kind, string Text);

/// <summary>A line diff (longest common subsequence) of the answer against the team's output, for organisers.</summary>
public static class LineDiff
{
    // LCS needs rows × columns cells; beyond this the tails are listed without alignment.
    private const int MaxCells = 4_000_000;

    public static IReadOnlyList<DiffLine> Compute(string expected, string actual)
    {
        var a = Lines(expected);
        var b = Lines(actual);
        int prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix]) prefix++;
        int suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)]) suffix++;

        var result = new List<DiffLine>(a.Take(prefix).Select(l => new DiffLine(DiffKind.Same, l)));
        var middleA = a[prefix..^suffix];
        var middleB = b[prefix..^suffix];
        if ((long)middleA.Length * middleB.Length <= MaxCells) result.AddRange(Lcs(middleA, middleB));
        else
        {
            result.AddRange(middleA.Select(l => new DiffLine(DiffKind.Expected, l)));
            result.AddRange(middleB.Select(l => new DiffLine(DiffKind.Actual, l)));
        }
        result.AddRange(a[^suffix..].Select(l => new DiffLine(DiffKind.Same, l)));
        return result;
    }

    private static string[] Lines(string text)
    {
        var normalised = text.ReplaceLineEndings("\n");
        if (normalised.EndsWith('\n')) normalised = normalised[..^1];
        return normalised.Length == 0 ? [] : normalised.Split('\n');
    }

    private static IEnumerable<DiffLine> Lcs(string[] a, string[] b)
    {
        var length = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        for (int j = b.Length - 1; j >= 0; j--)
            length[i, j] = a[i] == b[j] ? length[i + 1, j + 1] + 1 : Math.Max(length[i + 1, j], length[i, j + 1]);

        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y]) { yield return new DiffLine(DiffKind.Same, a[x]); x++; y++; }
            else if (length[x + 1, y] >= length[x, y + 1]) yield return new DiffLine(DiffKind.Expected, a[x++]);
            else yield return new DiffLine(DiffKind.Actual, b[y++]);
        }
        while (x < a.Length) yield return new DiffLine(DiffKind.Expected, a[x++]);
        while (y < b.Length) yield return new DiffLine(DiffKind.Actual, b[y++]);
    }
}
