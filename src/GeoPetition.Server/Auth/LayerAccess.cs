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

    /// <summary>The unit prefix restricted features are filtered by; null when the caller sees every unit.</summary>
    public static string? AreaPrefix(HttpContext http, bool restricted) => restricted ? RequestScope.Jurisdiction(http).Prefix : null;

    /// <summary>The tile layers as this caller may read them, or null when one of them is hidden.</summary>
    public static IReadOnlyList<TileSource>? ForCaller(HttpContext http, IReadOnlyList<TileSource> sources)
    {
        if (sources.Any(s => !CanSee(http, s.Restricted)))
        {
            return null;
        }

        return sources.Select(s => AreaPrefix(http, s.Restricted) is { } prefix
            ? s with
            {
                Condition = JurisdictionScope.AreaCondition("t"),
                Parameters = [.. s.Parameters ?? [], ("scope_prefix", prefix)],
                CacheToken = s.CacheToken + "-u" + prefix,
            }
            : s).ToList();
    }
}
