using GeoPetition.Core.Layers;

namespace GeoPetition.Server.Endpoints;

/// <summary>RFC 9457 problem responses that say what was wrong and what is accepted.</summary>
public static class Problems
{
    public static IResult BadRequest(string title, string detail, string? parameter = null) =>
        TypedResults.Problem(detail: detail, title: title, statusCode: StatusCodes.Status400BadRequest,
            extensions: parameter is null ? null : new Dictionary<string, object?> { ["parameter"] = parameter });

    public static IResult NotFound(string title, string detail) =>
        TypedResults.Problem(detail: detail, title: title, statusCode: StatusCodes.Status404NotFound);

    public static IResult UnknownLayer(string id, IEnumerable<string> known) => NotFound(
        "Unknown layer",
        $"unknown layer '{id}'; known layers are: {string.Join(", ", known)}");

    public static IResult UnknownKind(string kind) => BadRequest(
        "Unknown layer kind",
        $"unknown layer kind '{kind}'; known kinds are: {string.Join(", ", LayerKinds.All.Select(k => k.Kind))}",
        "kind");
}
