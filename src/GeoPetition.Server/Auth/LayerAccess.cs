using GeoPetition.Server.Data;
using GeoPetition.Server.Tiles;

namespace GeoPetition.Server.Auth;

/// <summary>
/// Layers marked restricted (<c>layer.restricted</c>): invisible, as if unknown (404), to callers
/// without <see cref="Policies.ReadLayers"/>; for the others, only the features that meet the area of
/// their unit (<see cref="JurisdictionScope.AreaCondition"/>). Unrestricted layers stay public.
/// The same rule is applied by the catalog, feature, tile and OGC endpoints.
/// </summary>
public static class LayerAccess
{
    public static bool CanSee(HttpContext http, bool restricted) => !restricted || RequestScope.ReadsRestrictedLayers(http);

    /// <summary>
    /// Whether the caller may read a tile layer: the petitions layer needs the right to read cases
    /// (and is cut to the caller's jurisdiction by its provider), a restricted layer the right to read
    /// restricted layers, any other layer is public.
    /// </summary>
    public static bool CanSee(HttpContext http, TileSource source) =>
        source.Id == PetitionTileSourceProvider.LayerId ? Policies.Allows(http.User, Policies.ReadCases) : CanSee(http, source.Restricted);

    /// <summary>The unit prefix restricted features are filtered by; null when the caller sees every unit.</summary>
    public static string? AreaPrefix(HttpContext http, bool restricted) => restricted ? RequestScope.Jurisdiction(http).Prefix : null;

    /// <summary>The tile layers as this caller may read them, or null when one of them is hidden.</summary>
    public static IReadOnlyList<TileSource>? ForCaller(HttpContext http, IReadOnlyList<TileSource> sources)
    {
        if (sources.Any(s => !CanSee(http, s)))
        {
            return null;
        }

        // A source with a condition of its own (the petitions) is already cut to the reader's scope.
        return sources.Select(s => s.Condition is null && AreaPrefix(http, s.Restricted) is { } prefix
            ? s with
            {
                Condition = JurisdictionScope.AreaCondition("t"),
                Parameters = [.. s.Parameters ?? [], ("scope_prefix", prefix)],
                CacheToken = s.CacheToken + "-u" + prefix,
            }
            : s).ToList();
    }
}
