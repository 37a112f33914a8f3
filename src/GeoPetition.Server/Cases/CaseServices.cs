using GeoPetition.Core.Cases;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GeoPetition.Server.Cases;

/// <summary>
/// Bureau-practice settings of the case workflow, bound from <c>GeoPetition:Cases</c> (the statutory
/// clocks and the calendar are <see cref="CaseRules"/>, bound from the same section).
/// </summary>
public sealed class CaseOptions
{
    /// <summary>回头看: days after closing when the look-back falls due.</summary>
    public int LookBackDays { get; set; } = 90;

    /// <summary>The satisfaction choices a petitioner may give (unverified as a national list; domain-rules §1.6).</summary>
    public List<string> SatisfactionChoices { get; set; } = [];

    /// <summary>The choices that count as satisfied in 满意率.</summary>
    public List<string> SatisfiedChoices { get; set; } = [];

    /// <summary>Repeat detection: extra distance (m) added to both petitions' location tolerances.</summary>
    public double RepeatRadiusM { get; set; } = 50;

    /// <summary>类案 suggestions: open cases of one subject within this distance (m) form a spatial cluster.</summary>
    public double GroupRadiusM { get; set; } = 300;

    /// <summary>Query-code lookups: unknown codes allowed per client address within <see cref="TrackWindowMinutes"/>.</summary>
    public int TrackMaxFailures { get; set; } = 10;

    public int TrackWindowMinutes { get; set; } = 15;

    public IReadOnlyList<string> Choices => SatisfactionChoices.Count > 0 ? SatisfactionChoices : ["满意", "基本满意", "不满意"];

    public IReadOnlySet<string> Satisfied => new HashSet<string>(SatisfiedChoices.Count > 0 ? SatisfiedChoices : ["满意", "基本满意"]);
}

/// <summary>Registers the case workflow: rules, options, the clock source and the stores.</summary>
public static class CaseServices
{
    public static IServiceCollection AddCases(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("GeoPetition:Cases");
        var rules = new CaseRules();
        section.Bind(rules);
        var options = new CaseOptions();
        section.Bind(options);
        var problems = rules.Problems().ToList();
        if (options.LookBackDays < 1)
        {
            problems.Add("LookBackDays must be at least 1");
        }

        if (options.TrackMaxFailures < 1 || options.TrackWindowMinutes < 1)
        {
            problems.Add("TrackMaxFailures and TrackWindowMinutes must be at least 1");
        }

        if (options.Satisfied.Except(options.Choices).Any())
        {
            problems.Add($"SatisfiedChoices must be among SatisfactionChoices ({string.Join(", ", options.Choices)})");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid GeoPetition:Cases configuration: " + string.Join("; ", problems));
        }

        services.AddSingleton(rules);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CaseStore>();
        services.AddSingleton<CasePracticeStore>();
        services.AddSingleton<CaseLinkStore>();
        services.AddSingleton<CaseReports>();
        services.AddSingleton<Open311Requests>();
        services.AddSingleton<CaseTracking>();
        services.AddSingleton<QueryCodeThrottle>();
        return services;
    }

    /// <summary>Today in China (UTC+8, no daylight saving) from the injected clock.</summary>
    public static DateOnly Today(this TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime.AddHours(8));
}
