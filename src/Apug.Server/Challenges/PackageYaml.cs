using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Apug.Server.Challenges;

/// <summary>
/// Reads the package's YAML files as plain maps of strings, lists and scalars, so that unknown keys are simply ignored
/// and every type mistake becomes a problem that names the file and key.
/// </summary>
internal sealed class PackageYaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().WithDuplicateKeyChecking().Build();

    private readonly IReadOnlyDictionary<string, object?> values;
    private readonly List<PackageIssue> errors;

    private readonly string keyPrefix; // "limits." for the map under limits, so problems name the full key

    private PackageYaml(string relativePath, IReadOnlyDictionary<string, object?> values, List<PackageIssue> errors, string keyPrefix = "")
    {
        RelativePath = relativePath;
        this.values = values;
        this.errors = errors;
        this.keyPrefix = keyPrefix;
    }

    /// <summary>The file, relative to the package, that problems are reported against.</summary>
    public string RelativePath { get; }

    public static PackageYaml Empty(string relativePath, List<PackageIssue> errors) =>
        new(relativePath, new Dictionary<string, object?>(), errors);

    /// <summary>Loads a YAML file whose top level must be a map; an empty file is an empty map. Null when the file is unreadable.</summary>
    public static PackageYaml? Load(string packageRoot, string relativePath, List<PackageIssue> errors)
    {
        object? document;
        try
        {
            document = Deserializer.Deserialize<object?>(File.ReadAllText(Path.Combine(packageRoot, relativePath)));
        }
        catch (YamlException e)
        {
            // The deserializer wraps parser failures it does not expect; their own message says nothing useful.
            string detail = e.InnerException is null or YamlException
                ? e.Message
                : "cannot be parsed here (check brackets, quotes and indentation)";
            errors.Add(new(relativePath, $"invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {detail}"));
            return null;
        }
        catch (IOException e)
        {
            errors.Add(new(relativePath, $"cannot read the file: {e.Message}"));
            return null;
        }
        switch (document)
        {
            case null:
                return Empty(relativePath, errors);
            case Dictionary<object, object?> map:
                return new(relativePath, ToStringKeys(map), errors);
            default:
                errors.Add(new(relativePath, "the file must contain a YAML map of keys to values"));
                return null;
        }
    }

    public bool Has(string key) => values.ContainsKey(key);

    public object? Raw(string key) => values.GetValueOrDefault(key);

    public string? String(string key)
    {
        switch (Raw(key))
        {
            case null: return null;
            case string text: return text;
            default:
                Report(key, "must be a single value, not a list or map");
                return null;
        }
    }

    public double? Number(string key, Func<double, bool> isValid, string expectation)
    {
        string? text = String(key);
        if (text is null) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            && double.IsFinite(value) && isValid(value))
            return value;
        Report(key, $"must be {expectation}, not '{text}'");
        return null;
    }

    public int? PositiveInteger(string key)
    {
        double? value = Number(key, v => v > 0 && v == Math.Floor(v) && v <= int.MaxValue, "a positive whole number");
        return value is null ? null : (int)value.Value;
    }

    /// <summary>A list of strings; a single string is split on whitespace (legacy flags are one string).</summary>
    public IReadOnlyList<string>? Words(string key)
    {
        switch (Raw(key))
        {
            case null: return null;
            case string text: return text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            case List<object?> list when list.All(item => item is string):
                return list.Cast<string>().ToList();
            default:
                Report(key, "must be a list of strings");
                return null;
        }
    }

    public PackageYaml? Map(string key)
    {
        switch (Raw(key))
        {
            case null: return null;
            case Dictionary<object, object?> map: return new(RelativePath, ToStringKeys(map), errors, $"{keyPrefix}{key}.");
            default:
                Report(key, "must be a map");
                return null;
        }
    }

    public IEnumerable<string> Keys => values.Keys;

    public void Report(string key, string reason) => errors.Add(new(RelativePath, $"'{keyPrefix}{key}' {reason}"));

    private static Dictionary<string, object?> ToStringKeys(Dictionary<object, object?> map) =>
        map.ToDictionary(pair => pair.Key.ToString() ?? "", pair => pair.Value, StringComparer.Ordinal);
}
