using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GeoPetition.Server.Auth;

/// <summary>
/// States the access rules in the OpenAPI document, from the same endpoint metadata the server
/// enforces: two security schemes (a staff bearer token from <c>POST /api/auth/token</c>, and an
/// API key in <c>X-Api-Key</c>), and on every operation that needs a permission the requirement
/// (either scheme) and a line naming the policy, the roles that hold it and the API-key scope that
/// grants it (<see cref="Policies.Table"/>). Only operations marked anonymous carry no requirement
/// (the fallback policy needs a signed-in caller for every other one).
/// </summary>
public static class OpenApiSecurity
{
    public const string Bearer = "bearer";
    public const string ApiKey = "apiKey";

    public static void Add(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A staff account's access token: POST /api/auth/token with the account's name and password.",
            };
            document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyHandler.Header,
                Description = "An API key of another system (gpk_…), issued by an administrator with scopes: " + string.Join(", ", ApiScopes.All) + ".",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            // Only endpoints marked anonymous are open: the fallback policy (AuthSetup) requires a signed-in caller.
            if (metadata.OfType<IAllowAnonymous>().Any())
            {
                return Task.CompletedTask;
            }

            var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().ToList();

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] });
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, context.Document)] = [] });
            var lines = policies.Select(p => Policies.Table.TryGetValue(p, out var rule)
                ? $"Requires `{p}`: roles {string.Join(", ", rule.Roles.Order(StringComparer.Ordinal))}; API keys {(rule.Scope is null ? "never" : $"with scope `{rule.Scope}`")}."
                : $"Requires `{p}`.");
            operation.Description = string.Join("\n\n", new[] { operation.Description }.Concat(policies.Count == 0 ? ["Requires a signed-in account or an API key."] : lines).Where(l => !string.IsNullOrEmpty(l)));
            operation.Responses ??= [];
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Not signed in (no or an invalid token or key)." });
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "Signed in without the permission this operation needs." });
            return Task.CompletedTask;
        });
    }
}
