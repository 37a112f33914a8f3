using GeoPetition.Bench;
using GeoPetition.Bench.Generate;
using GeoPetition.Bench.Run;

// geopetition-bench generate --db <connection string> [--scale 1.0] [--seed 20261124] [--reset]
// geopetition-bench run --db <connection string> [--iterations 200] [--out bench/verification/RESULTS.md] …
// geopetition-bench petition --db <connection string> --size 1000 --index 43 [--seed 7]
// geopetition-bench compute --db <connection string> [--size 1000] [--from 0] [--count 30] [--repeat 3] [--dump dir]
// See bench/verification/README.md.
try
{
    var options = CommandOptions.Parse(args);
    return options.Command switch
    {
        "generate" => await GenerateCommand.RunAsync(options),
        "run" => await RunCommand.RunAsync(options),
        "petition" => await RunCommand.PrintPetitionAsync(options),
        "compute" => await ComputeCommand.RunAsync(options),
        _ => Usage(),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine(e.Message);
    return Usage();
}

static int Usage()
{
    Console.Error.WriteLine(CommandOptions.Usage);
    return 2;
}
