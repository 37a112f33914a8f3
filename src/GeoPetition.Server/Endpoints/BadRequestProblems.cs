using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace GeoPetition.Server.Endpoints;

/// <summary>
/// Turns the binding failures of minimal APIs (a query value that is not a date or a boolean, a body
/// that is not JSON or has a value of the wrong type) into a 400 problem that names the parameter or
/// JSON field and says what is accepted. Without it they surface as a 500 in Development (where
/// <c>ThrowOnBadRequest</c> is on) or as a bare 400 elsewhere. <see cref="ServerSetup"/> turns
/// <c>ThrowOnBadRequest</c> on in every environment so that this handler sees them.
/// </summary>
public sealed partial class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var (field, message) = Describe(bad);
        httpContext.Response.StatusCode = bad.StatusCode;
        var problem = new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = "Invalid request",
            Detail = $"{field}: {message}",
        };
        problem.Extensions["parameter"] = field;
        problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The parameter or JSON field at fault and a sentence saying what is accepted.</summary>
    public static (string Field, string Message) Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var path = json.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : null;
            var target = ConvertedTo().Match(json.Message) is { Success: true } m ? Accepted(PropertyType(m.Groups[1].Value.TrimEnd('.'), path) ?? m.Groups[1].Value.TrimEnd('.')) : null;
            return path is null or ""
                ? ("body", $"the request body is not valid JSON ({json.Message.Split(" Path:")[0].Split(" LineNumber:")[0].Trim()})")
                : (path, target is null ? $"the value is not valid here ({json.Message.Split(" Path:")[0].Trim()})" : $"the value is not {target}");
        }

        if (BindFailure().Match(bad.Message) is { Success: true } bind)
        {
            return (bind.Groups["name"].Value, $"'{bind.Groups["value"].Value}' is not {Accepted(bind.Groups["type"].Value)}");
        }

        if (bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase))
        {
            return ("body", "a JSON request body (Content-Type: application/json) is required");
        }

        return ("request", bad.Message);
    }

    /// <summary>
    /// System.Text.Json names the record being built, not the member, when a constructor parameter fails:
    /// finds the member's type by the last segment of the JSON path (e.g. <c>date</c> of TransitionRequest).
    /// </summary>
    private static string? PropertyType(string typeName, string? path)
    {
        if (path is null || !typeName.Contains('.', StringComparison.Ordinal) || typeName.StartsWith("System.", StringComparison.Ordinal))
        {
            return null;
        }

        var type = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName)).FirstOrDefault(t => t is not null);
        var name = path.Split('.')[^1];
        var property = name.Contains('[', StringComparison.Ordinal) ? null
            : type?.GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
        return property is null ? null : (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType).Name;
    }

    /// <summary>What a CLR type accepts, in words: DateOnly → a date YYYY-MM-DD.</summary>
    private static string Accepted(string type)
    {
        var t = type.Replace("System.Nullable`1[", "", StringComparison.Ordinal).Replace("Nullable<", "", StringComparison.Ordinal)
            .TrimEnd(']', '?', '>').Replace("System.", "", StringComparison.Ordinal);
        return t switch
        {
            "DateOnly" => "a date (YYYY-MM-DD, e.g. 2026-03-02)",
            "DateTime" or "DateTimeOffset" => "a date and time (ISO 8601, e.g. 2026-03-02T09:30:00+08:00)",
            "bool" or "Boolean" => "a boolean (true or false)",
            "int" or "Int32" or "long" or "Int64" => "a whole number",
            "double" or "Double" or "decimal" or "Decimal" => "a number",
            "string" or "String" => "a string",
            _ when t.EndsWith("[]", StringComparison.Ordinal) || t.Contains("List`1", StringComparison.Ordinal) => "an array",
            _ => $"a valid {t}",
        };
    }

    [GeneratedRegex("^Failed to bind parameter \"(?<type>\\S+) (?<name>[^\"]+)\" from \"(?<value>.*)\"\\.$")]
    private static partial Regex BindFailure();

    [GeneratedRegex("could not be converted to ([\\w.`\\[\\]]+)")]
    private static partial Regex ConvertedTo();
}
