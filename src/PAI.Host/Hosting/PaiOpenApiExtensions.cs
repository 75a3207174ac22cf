using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PAI.Abstractions.Goals;
using PAI.Host.Apis.Models;
using PAI.Host.Apis.Paging;
using PAI.Host.Auth;

namespace PAI.Host.Hosting;

/// <summary>
/// The OpenAPI document ASP.NET Core generates from the endpoints themselves, served at <c>/openapi/v1.json</c> to any
/// valid API key (the API's rule: every call authenticated except health checks).
/// </summary>
public static class PaiOpenApiExtensions
{
    /// <summary>Adds the document generator with PAI's title, the bearer key scheme and the paging parameters' types.</summary>
    public static IServiceCollection AddPaiOpenApi(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "PAI",
                Version = "v1",
                Description = "Durable orchestration for personal AI infrastructure. Contract: docs/api.md. Every call needs 'Authorization: Bearer <api key>'.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A PAI API key.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [] });
            return Task.CompletedTask;
        });

        // List endpoints read limit as text to answer a bad one with a 422 that names it; it is still an integer.
        options.AddOperationTransformer((operation, _, _) =>
        {
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                if (parameter.Name == "status" && parameter.In == ParameterLocation.Query)
                {
                    parameter.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Enum = Enum.GetNames<GoalStatus>().Select(n => (JsonNode)JsonValue.Create(n)).ToList(),
                    };
                }
                else if (parameter.Name == "limit" && parameter.In == ParameterLocation.Query)
                {
                    parameter.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Integer,
                        Format = "int32",
                        Minimum = "1",
                        Maximum = PageQuery.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Default = JsonValue.Create(PageQuery.DefaultLimit),
                    };
                }
            }

            return Task.CompletedTask;
        });

        options.AddSchemaTransformer((schema, context, _) =>
        {
            // Request bodies are read by StrictJsonBody, which refuses unknown fields: the schema says so.
            var type = context.JsonTypeInfo.Type;
            if (type.Namespace == typeof(GoalRequest).Namespace && type.Name.EndsWith("Request", StringComparison.Ordinal))
            {
                schema.AdditionalPropertiesAllowed = false;
            }

            // Request errors carry an 'errors' array (ApiProblems); say so in the schema every problem response uses.
            if (type == typeof(ProblemDetails))
            {
                schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
                schema.Properties["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Description = "For request errors: one entry per wrong field.",
                    Items = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "path", "message" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["path"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The field, e.g. plan.steps[0].approval, or a query parameter; $ for the whole body." },
                            ["message"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        },
                    },
                };
            }

            return Task.CompletedTask;
        });
    });
}
