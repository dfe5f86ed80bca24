using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Apug.Server.Ccs;

/// <summary>
/// The Contest API in the OpenAPI document as it is on the wire: its objects are written with <see cref="CcsFormat.Json"/>
/// (snake_case, nulls of optional properties left out), not with the rest of the API's camelCase options the generator
/// reads, so their schemas are renamed here; and its operations take the admin token optionally (no token: the public view).
/// </summary>
public static class CcsOpenApi
{
    private static readonly JsonNamingPolicy WireNames = CcsFormat.Json.PropertyNamingPolicy!;

    public static Task UseWireNamesAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type.Namespace != typeof(CcsOpenApi).Namespace || schema.Properties is not { Count: > 0 } properties) return Task.CompletedTask;
        var omittedWhenNull = type.GetProperties()
            .Where(p => p.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), true)
                .OfType<System.Text.Json.Serialization.JsonIgnoreAttribute>().Any(a => a.Condition == System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull))
            .Select(p => WireNames.ConvertName(p.Name)).ToHashSet(StringComparer.Ordinal);
        var renamed = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        foreach (var (name, property) in properties)
        {
            var wireName = WireNames.ConvertName(name);
            if (property is OpenApiSchema { Type: { } kinds } value)
            {
                // Numbers go out as numbers: the string form is only what the Web defaults would also read.
                if ((kinds & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0 && (kinds & JsonSchemaType.String) != 0)
                {
                    kinds &= ~JsonSchemaType.String;
                    value.Pattern = null;
                }
                if (omittedWhenNull.Contains(wireName)) kinds &= ~JsonSchemaType.Null; // absent, never null
                value.Type = kinds;
            }
            renamed[wireName] = property;
        }
        schema.Properties = renamed;
        // Every property is sent, null where the spec allows null, except those left out when null (the spec forbids null there).
        schema.Required = renamed.Keys.Where(n => !omittedWhenNull.Contains(n)).ToHashSet(StringComparer.Ordinal);
        return Task.CompletedTask;
    }

    public static Task DescribeAccessAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.RelativePath?.StartsWith(CcsEndpoints.Prefix.TrimStart('/'), StringComparison.Ordinal) != true || context.Document is not { } document)
            return Task.CompletedTask;
        operation.Security =
        [
            new OpenApiSecurityRequirement(), // no credentials: the public view
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Api.OpenApiSetup.AdminScheme, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Api.OpenApiSetup.AdminBasicScheme, document)] = [] },
        ];
        return Task.CompletedTask;
    }
}
