extern alias JsonSchemaNet;
using System.Text.Json;
using JsonSchemaNet::Json.Schema;

namespace Apug.Tests.Ecosystem;

/// <summary>Validates Contest API answers against the schemas in CcsSchemas/, written for these tests from the spec's tables.</summary>
public static class CcsSchema
{
    private const string Base = "https://apug.test/ccs/contest-api-2023-06.json";
    private static readonly BuildOptions Options = Load();
    private static readonly Dictionary<string, JsonSchema> Built = [];

    private static BuildOptions Load()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        JsonSchema.FromFile(Path.Combine(TestPaths.RepoRoot, "tests", "Apug.Tests", "Ecosystem", "CcsSchemas", "contest-api-2023-06.json"), options);
        return options;
    }

    /// <summary>Asserts that the JSON is one object of the named definition, or (array) a list of them; the message lists every error.</summary>
    public static void AssertValid(string definition, JsonElement instance, bool array = false)
    {
        JsonSchema schema;
        lock (Built)
        {
            var key = (array ? "[]" : "") + definition;
            if (!Built.TryGetValue(key, out schema!))
            {
                var reference = $$"""{ "$ref": "{{Base}}#/$defs/{{definition}}" }""";
                var text = array ? $$"""{ "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array", "uniqueItems": true, "items": {{reference}} }"""
                    : $$"""{ "$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "{{Base}}#/$defs/{{definition}}" }""";
                Built[key] = schema = JsonSchema.FromText(text, Options, new Uri($"https://apug.test/check/{Uri.EscapeDataString(key)}"));
            }
        }
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return;
        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"));
        Assert.Fail($"Not a valid '{definition}'{(array ? " list" : "")}:\n  {string.Join("\n  ", errors)}\n{instance.GetRawText()[..Math.Min(2000, instance.GetRawText().Length)]}");
    }
}
