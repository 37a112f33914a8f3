namespace GeoPetition.Server.Evidence;

/// <summary>Registers evidence storage, the chain, maps, reports and packages (<c>GeoPetition:Evidence</c>).</summary>
public static class EvidenceServices
{
    public static IServiceCollection AddEvidence(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EvidenceOptions>(configuration.GetSection(EvidenceOptions.Section));
        services.AddSingleton<EvidenceBlobStore>();
        services.AddSingleton<EvidenceStore>();
        services.AddSingleton<EvidenceFonts>();
        services.AddSingleton<EvidenceDossierLoader>();
        services.AddSingleton<EvidenceMapRenderer>();
        services.AddSingleton<EvidenceReportBuilder>();
        services.AddSingleton<EvidencePackageBuilder>();
        return services;
    }
}
