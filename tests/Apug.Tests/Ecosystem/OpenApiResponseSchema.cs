extern alias JsonSchemaNet;
using System.Text.Json;
using System.Text.Json.Nodes;
using JsonSchemaNet::Json.Schema;

namespace Apug.Tests.Ecosystem;

/// <summary>
/// Validates a real answer against the success schema /openapi/v1.json gives for that GET path (OpenAPI 3.1 schemas
/// are JSON Schema 2020-12). Stricter than the document: an object may carry no property it does not describe, so a
/// shape that is documented under other names (camelCase for snake_case) fails twice, once per side.
/// </summary>
public sealed class OpenApiResponseSchema(JsonNode document)
{
    private readonly Dictionary<string, JsonSchema> built = [];

    public void AssertDocuments(string path, JsonElement answer)
    {
        if (!built.TryGetValue(path, out var schema))
        {
            var success = document["paths"]?[path]?["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"]
                          ?? throw new Xunit.Sdk.XunitException($"GET {path} has no application/json schema for 200 in /openapi/v1.json");
            var definitions = document["components"]!["schemas"]!.DeepClone().AsObject();
            foreach (var (_, definition) in definitions)
                if (definition is JsonObject { } shape && shape["properties"] is not null) shape["additionalProperties"] = false;
            var root = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$defs"] = definitions,
                ["allOf"] = new JsonArray(success.DeepClone()),
            };
            var text = root.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
            schema = built[path] = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() },
                new Uri($"https://apug.test/openapi/{Uri.EscapeDataString(path)}"));
        }
        var result = schema.Evaluate(answer, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return;
        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"));
        Assert.Fail($"GET {path}: the answer is not what /openapi/v1.json documents:\n  {string.Join("\n  ", errors)}\n" +
                    answer.GetRawText()[..Math.Min(2000, answer.GetRawText().Length)]);
    }
}
